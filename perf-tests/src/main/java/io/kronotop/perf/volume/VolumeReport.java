package io.kronotop.perf.volume;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of a {@link VolumeSuite} run: {@code report.md} (per case and system the medians over the rounds,
 * the volume/raw ratios, the goals' verdicts) and one {@code <payload>B-t<threads>-<system>.hgrm} per case and
 * system (all rounds merged, milliseconds).
 */
public final class VolumeReport {
    static final double[] PERCENTILES = {50, 90, 99, 99.9};
    /** Issue 5's goals: throughput at least this share of raw, ack p99 at most this multiple of raw's. */
    static final double GOAL_THROUGHPUT = 0.8;
    static final double GOAL_P99 = 2.0;
    static final int GOAL_THREADS = 64;
    static final int GOAL_MIN_PAYLOAD = 4096;

    private VolumeReport() {
    }

    /** One case (payload size, thread count) with its runs per system. */
    record Case(int payloadBytes, int threads, List<RunResult> volume, List<RunResult> raw, List<RunResult> store) {
        double medianOps(List<RunResult> runs) {
            return median(runs, RunResult::opsPerSec);
        }

        /** Median volume ops/s over median raw ops/s; NaN if a side has no runs. */
        double throughputRatio() {
            return medianOps(volume) / medianOps(raw);
        }

        /** Median volume p99 over median raw p99; above 1 means the volume acknowledges slower. */
        double p99Ratio() {
            return median(volume, r -> r.percentileMs(99)) / median(raw, r -> r.percentileMs(99));
        }

        /** Volume over raw ops/s within each round, for the rounds where both ran. */
        double[] roundRatios(ToDoubleFunction<RunResult> metric) {
            int n = Math.min(volume.size(), raw.size());
            double[] ratios = new double[n];
            for (int i = 0; i < n; i++) {
                ratios[i] = metric.applyAsDouble(volume.get(i)) / metric.applyAsDouble(raw.get(i));
            }
            Arrays.sort(ratios);
            return ratios;
        }

        boolean isGoalCase() {
            return threads == GOAL_THREADS && payloadBytes >= GOAL_MIN_PAYLOAD;
        }
    }

    /** Groups results by case, in first-seen order; each system's runs in round order. */
    static List<Case> cases(List<RunResult> results) {
        Map<String, List<RunResult>> volume = new LinkedHashMap<>();
        Map<String, List<RunResult>> raw = new LinkedHashMap<>();
        Map<String, List<RunResult>> store = new LinkedHashMap<>();
        List<int[]> keys = new ArrayList<>();
        for (RunResult r : results) {
            String key = r.payloadBytes() + "x" + r.threads();
            if (!volume.containsKey(key)) {
                volume.put(key, new ArrayList<>());
                raw.put(key, new ArrayList<>());
                store.put(key, new ArrayList<>());
                keys.add(new int[]{r.payloadBytes(), r.threads()});
            }
            Map<String, List<RunResult>> side = switch (r.system()) {
                case VolumeSuite.VOLUME -> volume;
                case VolumeSuite.STORE -> store;
                default -> raw;
            };
            side.get(key).add(r);
        }
        List<Case> cases = new ArrayList<>();
        for (int[] k : keys) {
            String key = k[0] + "x" + k[1];
            cases.add(new Case(k[0], k[1], volume.get(key), raw.get(key), store.get(key)));
        }
        return cases;
    }

    /** The median of {@code metric} over {@code runs} (mean of the middle two for an even count); NaN if none. */
    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        if (runs.isEmpty()) {
            return Double.NaN;
        }
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static Histogram merged(List<RunResult> runs) {
        Histogram h = new Histogram(3);
        for (RunResult r : runs) {
            h.add(r.latencyNs());
        }
        return h;
    }

    static String hgrmName(Case c, String system) {
        return c.payloadBytes() + "B-t" + c.threads() + "-" + system + ".hgrm";
    }

    /** Writes report.md and the .hgrm files into {@code dir}; returns the report's path. */
    public static Path write(List<RunResult> results, VolumeSuite.Config config, String commandLine,
                             String startedAt, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Case> cases = cases(results);
        for (Case c : cases) {
            writeHgrm(dir.resolve(hgrmName(c, VolumeSuite.VOLUME)), c.volume());
            writeHgrm(dir.resolve(hgrmName(c, VolumeSuite.RAW)), c.raw());
            writeHgrm(dir.resolve(hgrmName(c, VolumeSuite.STORE)), c.store());
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, markdown(results, config, commandLine, startedAt), StandardCharsets.UTF_8);
        return report;
    }

    private static void writeHgrm(Path file, List<RunResult> runs) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            merged(runs).outputPercentileDistribution(out, 1e6);
        }
    }

    static String markdown(List<RunResult> results, VolumeSuite.Config config, String commandLine,
                           String startedAt) {
        StringBuilder md = new StringBuilder();
        md.append("# Volume appends beside a raw group-committed log\n\n");
        md.append("Run ").append(startedAt).append(". Command:\n\n    ").append(commandLine).append("\n\n");
        md.append(String.format(Locale.ROOT, "Each case runs %d rounds alternating `volume` and `raw` (volume first in "
                + "odd rounds), each %.1f s measured after %.1f s of unrecorded warm-up, a closed loop per appender "
                + "thread. `volume`: `Volume.append(prefix, payload).join()` on a fresh volume over a fresh embedded "
                + "metastore (segment write, group-commit fdatasync, the batch's metadata transaction, ack). `raw`: "
                + "the same record bytes (32-byte header with the payload's CRC32C, payload, padding) formatted and "
                + "`pwrite`n by the appending thread at a reserved offset of one sparse file, then a leader/follower "
                + "group-commit `fdatasync`. `store` (only with `--systems` naming it): the volume's segment "
                + "store alone, same flusher, no metadata. Figures are medians over the rounds (max: largest of all "
                + "rounds); MiB/s counts record bytes. `vs raw` divides the volume's median by raw's (ops/s: above "
                + "1 is faster; p99: above 1 is slower); `round ratios` are volume/raw ops/s within each round. "
                + "Before the first case each system ran %.1f s unrecorded per payload size (JIT warm-up). "
                + "Files in `%s`. Volume settings: %s.%n%n", config.rounds(), config.testSeconds(),
            config.warmupSeconds(), config.jvmWarmupSeconds(), config.workDir(), config.volumeConfig()));
        md.append("| payload | threads | system | ops/s | MiB/s | vs raw | p50 ms | p90 ms | p99 ms | p99.9 ms "
            + "| max ms | p99 vs raw | per sync | round ratios | load |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        List<Case> cases = cases(results);
        for (Case c : cases) {
            row(md, c, VolumeSuite.VOLUME, c.volume(), true);
            row(md, c, VolumeSuite.RAW, c.raw(), false);
            row(md, c, VolumeSuite.STORE, c.store(), false);
        }
        md.append("\n## Goals (issue 5)\n\n");
        md.append(String.format(Locale.ROOT, "At %d appenders, for payloads of %d B and more: volume ops/s at least "
            + "%.1fx raw's, and volume ack p99 at most %.1fx raw's. The verdict compares the medians; the rounds "
            + "that miss the goal within their own pair are counted beside it.%n%n", GOAL_THREADS, GOAL_MIN_PAYLOAD,
            GOAL_THROUGHPUT, GOAL_P99));
        for (Case c : cases) {
            if (!c.isGoalCase() || c.volume().isEmpty() || c.raw().isEmpty()) {
                continue;
            }
            double[] rounds = c.roundRatios(RunResult::opsPerSec);
            long roundsBelow = Arrays.stream(rounds).filter(r -> r < GOAL_THROUGHPUT).count();
            double[] p99Rounds = c.roundRatios(r -> r.percentileMs(99));
            long p99RoundsAbove = Arrays.stream(p99Rounds).filter(r -> r > GOAL_P99).count();
            md.append(String.format(Locale.ROOT, "- %d B x%d: bandwidth %.2fx raw (%d of %d rounds below %.1fx): "
                    + "**%s**; ack p99 %.2fx raw (%d of %d rounds above %.1fx): **%s**%n", c.payloadBytes(),
                c.threads(), c.throughputRatio(), roundsBelow, rounds.length, GOAL_THROUGHPUT,
                verdict(c.throughputRatio() >= GOAL_THROUGHPUT), c.p99Ratio(), p99RoundsAbove, p99Rounds.length,
                GOAL_P99, verdict(c.p99Ratio() <= GOAL_P99)));
        }
        md.append("\n## Runs\n\n| payload | threads | round | system | ops/s | MiB/s | p99 ms | per sync | load "
            + "before -> after |\n|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
        for (RunResult r : results) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %,.0f | %,.1f | %.3f | %.1f | %.2f -> %.2f |%n",
                r.payloadBytes(), r.threads(), r.round(), r.system(), r.opsPerSec(), r.mibPerSec(),
                r.percentileMs(99), r.entriesPerSync(), r.loadBefore(), r.loadAfter()));
        }
        return md.toString();
    }

    static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    private static void row(StringBuilder md, Case c, String system, List<RunResult> runs, boolean withRatios) {
        if (runs.isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "| %d B | %d | %s | %,.0f | %,.1f | %s | %.3f | %.3f | %.3f | %.3f "
                + "| %.3f | %s | %.1f | %s | %.1f-%.1f |%n",
            c.payloadBytes(), c.threads(), system, c.medianOps(runs), median(runs, RunResult::mibPerSec),
            withRatios ? String.format(Locale.ROOT, "%.2f", c.throughputRatio()) : "",
            median(runs, r -> r.percentileMs(50)), median(runs, r -> r.percentileMs(90)),
            median(runs, r -> r.percentileMs(99)), median(runs, r -> r.percentileMs(99.9)),
            runs.stream().mapToDouble(RunResult::maxMs).max().orElse(Double.NaN),
            withRatios ? String.format(Locale.ROOT, "%.2f", c.p99Ratio()) : "",
            median(runs, RunResult::entriesPerSync),
            withRatios ? ratios(c.roundRatios(RunResult::opsPerSec)) : "",
            runs.stream().mapToDouble(RunResult::loadBefore).min().orElse(Double.NaN),
            runs.stream().mapToDouble(RunResult::loadAfter).max().orElse(Double.NaN)));
    }

    private static String ratios(double[] ratios) {
        StringBuilder s = new StringBuilder();
        for (double r : ratios) {
            s.append(s.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", r));
        }
        return s.toString();
    }
}
