package io.kronotop.perf.suite;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a suite's report into a directory: {@code report.md} (medians, ratios to Redis, cross-checks,
 * machine), one {@code <workload>-<system>.hgrm} per measured pair (all rounds merged, milliseconds) and
 * {@code plot.png}.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** Writes the report; returns the path of {@code report.md}. */
    public static Path write(SideBySideRunner.SuiteResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<PercentilePlot.Panel> panels = new ArrayList<>();
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            Map<String, Histogram> lines = new LinkedHashMap<>();
            for (SystemOutcome s : w.systems()) {
                if (s.hasNumbers()) {
                    Histogram merged = s.merged();
                    lines.put(w.workload().label(s.system()), merged);
                    try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve(hgrmName(w, s))), true,
                            StandardCharsets.UTF_8)) {
                        merged.outputPercentileDistribution(out, 1e6);
                    }
                }
            }
            if (!lines.isEmpty()) {
                panels.add(new PercentilePlot.Panel(w.workload().name(), lines));
            }
        }
        if (!panels.isEmpty()) {
            PercentilePlot.write(panels, 2, dir.resolve("plot.png"));
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, markdown(result, MachineInfo.collect(result.config().redisServer(),
                result.config().redisBenchmark()), !panels.isEmpty()), StandardCharsets.UTF_8);
        return report;
    }

    static String hgrmName(SideBySideRunner.WorkloadOutcome w, SystemOutcome s) {
        return w.workload().name() + "-" + s.system() + ".hgrm";
    }

    static String markdown(SideBySideRunner.SuiteResult result, Map<String, String> machine, boolean plot) {
        SuiteConfig c = result.config();
        StringBuilder md = new StringBuilder();
        md.append("# Kronotop beside Redis\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(result.started().atOffset(ZoneOffset.UTC)
                .toInstant())).append(", took ").append(result.took().toSeconds()).append(" s. Command:\n\n");
        md.append("    ").append(c.commandLine()).append("\n\n");

        md.append("## Method\n\n");
        md.append(String.format(Locale.ROOT, "Every workload runs against each system in turn, %d rounds (A B C, then C B A, and so on), "
                + "each %.1f s measured after %.1f s of unrecorded warm-up (JVM servers also get %.1f s of unrecorded "
                + "load per workload before their first round), by this module's generator (closed loop, "
                + "%d thread(s), Netty), all on this machine over 127.0.0.1. Figures are medians over the rounds "
                + "(max: the largest of all rounds). Latency counts from a request's send to its reply. "
                + "`vs redis` divides by the plain `redis` row of the same workload: above 1 means more ops/s, "
                + "for p99 above 1 means slower. `server CPU` is the server process's CPU time during the run in %% of "
                + "one core (Redis near 100%% means Redis was the bottleneck); `generator CPU` the same for the "
                + "generator's JVM (near 100%% with one generator thread means the generator was). Read-only "
                + "workloads skip the AOF "
                + "variants. The machine is shared: see the load average under Machine, and compare within this "
                + "report only.\n\n",
                c.rounds(), c.testTime().toMillis() / 1000.0, c.warmup().toMillis() / 1000.0,
                c.jvmWarmup().toMillis() / 1000.0, c.threads()));
        if (!c.serverCpuPrefix().isEmpty()) {
            md.append("Servers pinned with `").append(String.join(" ", c.serverCpuPrefix()))
                    .append("`, redis-benchmark with `").append(String.join(" ", c.clientCpuPrefix())).append("`.\n\n");
        }

        md.append("## Systems\n\n");
        for (Map.Entry<String, String> e : result.systemDescriptions().entrySet()) {
            md.append("- `").append(e.getKey()).append("`: ").append(e.getValue());
            String why = result.unavailable().get(e.getKey());
            if (why != null) {
                md.append(" - **unavailable**: ").append(oneLine(why));
            }
            md.append('\n');
        }
        md.append('\n');

        md.append("## Results\n\n");
        md.append("| workload | system | ops/s | vs redis | p50 ms | p99 ms | p99.9 ms | p99 vs redis | max ms "
                + "| ops/s range | server CPU | generator CPU | errors |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            SystemOutcome base = w.systems().stream().filter(s -> s.system().equals("redis") && s.hasNumbers())
                    .findFirst().orElse(null);
            for (SystemOutcome s : w.systems()) {
                md.append("| ").append(w.workload().name()).append(" | ").append(w.workload().label(s.system()))
                        .append(" | ");
                if (!s.hasNumbers()) {
                    md.append(s.status().name().toLowerCase(Locale.ROOT)).append(" | | | | | | | | | | ").append(
                            oneLine(s.reason())).append(" |\n");
                    continue;
                }
                double[] range = s.opsRange();
                md.append(String.format(Locale.ROOT, "%,.0f | %s | %.3f | %.3f | %.3f | %s | %.3f | %,.0f-%,.0f | %.0f%% | %.0f%% | %d |%n",
                        s.medianOpsPerSec(),
                        base == null ? "" : String.format(Locale.ROOT, "%.2f", s.medianOpsPerSec() / base.medianOpsPerSec()),
                        s.medianPercentileMs(50), s.medianPercentileMs(99), s.medianPercentileMs(99.9),
                        base == null ? "" : String.format(Locale.ROOT, "%.2f",
                                s.medianPercentileMs(99) / base.medianPercentileMs(99)),
                        s.maxMs(), range[0], range[1], s.medianServerCpuPercent(), s.medianGeneratorCpuPercent(),
                        s.errors()));
            }
        }
        md.append('\n');

        StringBuilder perCommand = new StringBuilder();
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            if (w.workload().commands().size() < 2) {
                continue;
            }
            for (SystemOutcome s : w.systems()) {
                if (!s.hasNumbers()) {
                    continue;
                }
                for (String command : s.rounds().getFirst().perCommand().keySet()) {
                    perCommand.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %.3f | %.3f | %.3f |%n",
                            w.workload().name(), w.workload().label(s.system()), command,
                            s.medianCommandOpsPerSec(command),
                            s.medianCommandPercentileMs(command, 50), s.medianCommandPercentileMs(command, 99),
                            s.medianCommandPercentileMs(command, 99.9)));
                }
            }
        }
        if (!perCommand.isEmpty()) {
            md.append("Per command, in the mixed workloads (medians over rounds):\n\n");
            md.append("| workload | system | command | ops/s | p50 ms | p99 ms | p99.9 ms |\n");
            md.append("|---|---|---|---:|---:|---:|---:|\n");
            md.append(perCommand).append('\n');
        }

        openLoop(md, result);

        md.append("Workloads:\n\n");
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            md.append("- `").append(w.workload().name()).append("`: ").append(w.workload().describe()).append('\n');
        }
        md.append('\n');

        if (plot) {
            md.append("## Latency by percentile\n\n");
            md.append("All rounds merged; x axis logarithmic in 1/(1-percentile), as HdrHistogram plots it.\n\n");
            md.append("![latency by percentile](plot.png)\n\n");
        }

        crossChecks(md, result.crossChecks(), c);

        md.append("## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(oneLine(v)).append(" |\n"));
        md.append("| load average (1, 5, 15 min) before / after | ").append(result.loadAverageBefore()).append(" / ")
                .append(result.loadAverageAfter()).append(" |\n");
        md.append('\n');

        md.append("## Files\n\nPercentile distributions (`.hgrm`, milliseconds, all rounds merged):\n\n");
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            for (SystemOutcome s : w.systems()) {
                if (s.hasNumbers()) {
                    md.append("- [").append(hgrmName(w, s)).append("](").append(hgrmName(w, s)).append(")\n");
                }
            }
        }
        return md.toString();
    }

    private static void crossChecks(StringBuilder md, List<CrossCheck> checks, SuiteConfig c) {
        if (checks.isEmpty()) {
            return;
        }
        md.append("## Cross-check: this generator and redis-benchmark against `redis`\n\n");
        md.append(String.format(Locale.ROOT, "Every distinct command of the workloads (as Redis runs it), at each "
                + "shape (connections x pipeline), run by this generator and by redis-benchmark in alternation, with "
                + "the same request count (about %.1f s of work, at least %.0f s at one connection, sized by an unrecorded "
                + "run of the generator), key space "
                + "and value size; medians over rounds shown, the ratio being the median of each round's pair (the two runs "
                + "next to each other), with the range over rounds. Both tools read and write the same keys: "
                + "`<prefix>` and a 12-digit zero-padded number (redis-benchmark's `__rand_int__`). %d round(s) of each tool%s.%n%n", c.crossCheckSeconds(),
                Math.max(c.crossCheckSeconds(), CrossCheckRunner.MIN_ROUND_TRIP_SECONDS), c.crossCheckRounds(),
                c.redisBenchmarkThreads() > 1 ? "; redis-benchmark with `--threads " + c.redisBenchmarkThreads() + "`"
                        : ""));
        String pinning = checks.isEmpty() ? "" : checks.getFirst().pinning();
        md.append(pinning.isEmpty() ? "Processes unpinned: the scheduler placed Redis and the clients.\n\n"
                : pinning + ", so that both tools meet the same placement.\n\n");
        md.append(String.format(Locale.ROOT, "Two clients measure the same thing only where neither sets the rate. "
                + "A run is **comparable**, and must agree within %.0f%% (ratio %.2f-%.2f), when it is bound by the "
                + "**round trip** (one connection: one request, or one pipelined batch, outstanding) or by **Redis** "
                + "(at least %.0f%% of its core under both tools). Otherwise the `limit` column says what set the "
                + "rate: a client at %.0f%% of a core or more, or the **shared CPU** (nothing at its core: the two "
                + "cores were split between Redis, the client and other processes, so the client that spends less "
                + "CPU per request leaves more to Redis). Those runs are listed but measure the clients, not Redis. "
                + "CPU is user + system time over the run's wall time, in %% of one core: Redis's and the "
                + "generator JVM's from `/proc/<pid>/stat`, redis-benchmark's from the shell's `times`; `CPU us/req` "
                + "is a client's CPU time per request.%n%n",
                (CrossCheck.HIGH - 1) * 100, CrossCheck.LOW, CrossCheck.HIGH, CrossCheck.SATURATED_PERCENT,
                CrossCheck.SATURATED_PERCENT));
        md.append("| command | connections x pipeline | requests | generator ops/s | redis-benchmark ops/s | ratio "
                + "| ratio range | within 15% | generator p50 ms | redis-benchmark p50 ms | Redis CPU (generator) "
                + "| Redis CPU (redis-benchmark) | generator CPU | redis-benchmark CPU | generator CPU us/req "
                + "| redis-benchmark CPU us/req | limit | verdict |\n");
        md.append("|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (CrossCheck x : checks) {
            if (!x.hasNumbers()) {
                md.append("| `").append(x.command()).append("` | ").append(x.shape()).append(" | | failed: ")
                        .append(oneLine(x.error())).append(" | | | | | | | | | | | | | | |\n");
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| `%s` | %s | %d | %,.0f | %,.0f | %.2f | %.2f-%.2f | %s | %.3f | %.3f | %.0f%% | %.0f%% | %.0f%% | %.0f%% "
                            + "| %.1f | %.1f | %s | %s |%n",
                    x.command(), x.shape(), x.requests(), x.generatorMedianOps(), x.redisBenchmarkMedianOps(),
                    x.ratio(), x.ratioRange()[0], x.ratioRange()[1], x.agrees() ? "yes" : "no",
                    x.generatorMedianP50Ms(), x.redisBenchmarkMedianP50Ms(),
                    x.generatorServerCpuPercent(), x.redisBenchmarkServerCpuPercent(), x.generatorOwnCpuPercent(),
                    x.redisBenchmarkOwnCpuPercent(), x.generatorCpuMicrosPerRequest(),
                    x.redisBenchmarkCpuMicrosPerRequest(), x.limit(), x.verdict()));
        }
        long measured = checks.stream().filter(CrossCheck::hasNumbers).count();
        long agreeing = checks.stream().filter(x -> x.hasNumbers() && x.agrees()).count();
        long comparable = checks.stream().filter(CrossCheck::comparable).count();
        long comparableAgreeing = checks.stream().filter(x -> x.comparable() && x.agrees()).count();
        md.append(String.format(Locale.ROOT, "%nComparable runs (round-trip- or Redis-bound) within 15%%: **%d of %d**. "
                + "All runs within 15%%: %d of %d.%n", comparableAgreeing, comparable, agreeing, measured));
        md.append("\nredis-benchmark command lines (one per command and shape):\n\n");
        for (CrossCheck x : checks) {
            if (!x.redisBenchmarkResults().isEmpty()) {
                md.append("    ").append(x.redisBenchmarkResults().getFirst().commandLine()).append('\n');
            }
        }
        md.append('\n');
    }

    private static void openLoop(StringBuilder md, SideBySideRunner.SuiteResult result) {
        StringBuilder rows = new StringBuilder();
        for (SideBySideRunner.WorkloadOutcome w : result.workloads()) {
            if (w.workload().rate() <= 0) {
                continue;
            }
            for (SystemOutcome s : w.systems()) {
                if (s.hasNumbers()) {
                    rows.append(String.format(Locale.ROOT,
                            "| %s | %s | %,d | %,.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", w.workload().name(),
                            w.workload().label(s.system()), w.workload().rate(), s.medianOpsPerSec(),
                            s.medianPercentileMs(50), s.medianPercentileMs(99), s.medianPercentileMs(99.9),
                            s.medianServicePercentileMs(50), s.medianServicePercentileMs(99),
                            s.medianServicePercentileMs(99.9)));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("Open-loop workloads: each connection's requests fall due at a fixed rate whether or not earlier "
                + "ones were answered. The latency above (and in the plot) counts from the due time, so a stall is "
                + "charged to every request due during it (coordinated omission corrected); `service` counts from "
                + "the actual send, as a closed-loop tool would. Medians over rounds:\n\n");
        md.append("| workload | system | target ops/s | ops/s | p50 ms | p99 ms | p99.9 ms | service p50 ms "
                + "| service p99 ms | service p99.9 ms |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(rows).append('\n');
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace("|", "\\|");
    }
}
