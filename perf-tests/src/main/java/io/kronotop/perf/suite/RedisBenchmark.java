package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code redis-benchmark} for one command and parses its {@code --csv} line. */
public final class RedisBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBenchmark.class);

    /**
     * One redis-benchmark result; latencies in milliseconds as it prints them. {@code cpuPercent} is
     * redis-benchmark's own CPU time (user + system, from the shell's {@code times}) over its wall time, in
     * % of one core; -1 when unknown.
     */
    public record Result(String commandLine, double opsPerSec, double p50Ms, double p99Ms, double maxMs,
            double cpuPercent) {
        Result(String commandLine, double opsPerSec, double p50Ms, double p99Ms, double maxMs) {
            this(commandLine, opsPerSec, p50Ms, p99Ms, maxMs, -1);
        }

        Result withCpuPercent(double percent) {
            return new Result(commandLine, opsPerSec, p50Ms, p99Ms, maxMs, percent);
        }
    }

    /** The second line of {@code times}: the children's user and system time, e.g. {@code 0m0.040000s 0m0.610000s}. */
    private static final Pattern TIMES = Pattern.compile("^(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$",
            Pattern.MULTILINE);
    private final int threads;

    private final String executable;
    /** Digits redis-benchmark writes for {@code __rand_int__} (zero-padded); the generator matches them here. */
    static final int RAND_INT_DIGITS = 12;

    private final List<String> cpuPrefix;

    public RedisBenchmark(String executable, List<String> cpuPrefix) {
        this(executable, cpuPrefix, 1);
    }

    /** With {@code --threads threads} when more than one. */
    public RedisBenchmark(String executable, List<String> cpuPrefix, int threads) {
        this.executable = executable;
        this.cpuPrefix = List.copyOf(cpuPrefix);
        this.threads = threads;
    }

    /**
     * The arguments that make redis-benchmark send what {@code template} sends: {@code -t ping_inline} and
     * {@code -t ping_mbulk} for PING, otherwise the command itself with {@code __key__} as
     * {@code prefix__rand_int__} and {@code __data__} as a value of {@code valueSize} bytes.
     */
    static List<String> commandArgs(CommandTemplate template, String keyPrefix, int valueSize) {
        if (template.text().equalsIgnoreCase("PING")) {
            return List.of("-t", template.inline() ? "ping_inline" : "ping_mbulk");
        }
        if (template.inline()) {
            throw new IllegalArgumentException("redis-benchmark sends only PING inline");
        }
        return List.of(template.render(keyPrefix + "__rand_int__", "x".repeat(valueSize)));
    }

    public Result run(int port, CommandTemplate template, String keyPrefix, long keySpace, int valueSize,
            int connections, int pipeline, long requests) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(cpuPrefix);
        cmd.addAll(List.of(executable, "-h", "127.0.0.1", "-p", Integer.toString(port), "-c",
                Integer.toString(connections), "-n", Long.toString(requests), "-P", Integer.toString(pipeline), "-r",
                Long.toString(keySpace), "-d", Integer.toString(valueSize), "--csv"));
        if (threads > 1) {
            cmd.addAll(List.of("--threads", Integer.toString(threads)));
        }
        cmd.addAll(commandArgs(template, keyPrefix, valueSize));
        String printed = String.join(" ", cmd.subList(cpuPrefix.size(), cmd.size()));
        // Through sh, whose `times` then prints the CPU time redis-benchmark (its child) used.
        List<String> wrapped = new ArrayList<>(cmd.subList(0, cpuPrefix.size()));
        wrapped.addAll(List.of("/bin/sh", "-c", "\"$@\"; s=$?; times; exit $s", "sh"));
        wrapped.addAll(cmd.subList(cpuPrefix.size(), cmd.size()));
        LOG.debug("running {}", wrapped);
        long started = System.nanoTime();
        Process p = new ProcessBuilder(wrapped).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("redis-benchmark did not finish");
        }
        long wallNs = System.nanoTime() - started;
        String text = new String(output, StandardCharsets.UTF_8);
        return parseCsv(text, printed).withCpuPercent(cpuPercent(text, wallNs));
    }

    /** CPU % of one core from the last {@code times} line of {@code text}; -1 if there is none. */
    static double cpuPercent(String text, long wallNs) {
        Matcher m = TIMES.matcher(text);
        double cpuSeconds = -1;
        while (m.find()) {
            cpuSeconds = Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                    + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4));
        }
        return cpuSeconds < 0 || wallNs <= 0 ? -1 : 100.0 * cpuSeconds * 1e9 / wallNs;
    }

    /** Parses the last data line of {@code redis-benchmark --csv}. */
    static Result parseCsv(String text, String commandLine) throws IOException {
        String[] lines = text.trim().split("\r?\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("\"") && !line.startsWith("\"test\"")) {
                String[] f = line.replace("\"", "").split(",");
                if (f.length >= 8) {
                    return new Result(commandLine, Double.parseDouble(f[f.length - 7]),
                            Double.parseDouble(f[f.length - 4]), Double.parseDouble(f[f.length - 2]),
                            Double.parseDouble(f[f.length - 1]));
                }
            }
        }
        throw new IOException("no result line in redis-benchmark output: " + text);
    }
}
