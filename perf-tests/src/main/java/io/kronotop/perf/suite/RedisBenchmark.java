package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code redis-benchmark} for one command and parses its {@code --csv} line. */
public final class RedisBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBenchmark.class);

    /** One redis-benchmark result; latencies in milliseconds as it prints them. */
    public record Result(String commandLine, double opsPerSec, double p50Ms, double p99Ms, double maxMs) {
    }

    private final String executable;
    private final List<String> cpuPrefix;

    public RedisBenchmark(String executable, List<String> cpuPrefix) {
        this.executable = executable;
        this.cpuPrefix = List.copyOf(cpuPrefix);
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
        cmd.addAll(commandArgs(template, keyPrefix, valueSize));
        LOG.debug("running {}", cmd);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("redis-benchmark did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        String printed = String.join(" ", cmd.subList(cpuPrefix.size(), cmd.size()));
        return parseCsv(text, printed);
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
