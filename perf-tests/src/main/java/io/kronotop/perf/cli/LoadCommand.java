package io.kronotop.perf.cli;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.CpuAffinity;
import io.kronotop.perf.load.KeyPattern;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code perf load}: one generator run against one server, memtier_benchmark style. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Run the load generator against one server and print ops/s and latency percentiles.")
final class LoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--host"}, defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = {"-p", "--port"}, defaultValue = "6379", description = "Server port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Event-loop threads (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = {"-c", "--clients"}, defaultValue = "50",
            description = "Connections per thread (default ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = {"-P", "--pipeline"}, defaultValue = "1",
            description = "Requests in flight per connection (default ${DEFAULT-VALUE}).")
    private int pipeline;

    @Option(names = "--command", description = "Command template, repeatable: 'SET __key__ __data__', 'HGET __key__ f'."
            + " Prefix with 'inline:' to send it as an inline command.")
    private List<String> commands;

    @Option(names = "--command-ratio", split = ",",
            description = "Weights of the --command templates, e.g. 1,10 (default: 1 each).")
    private List<Integer> commandRatio;

    @Option(names = "--ratio", defaultValue = "1:10",
            description = "SET:GET ratio when no --command is given (default ${DEFAULT-VALUE}).")
    private String ratio;

    @Option(names = "--key-pattern", defaultValue = "RANDOM",
            description = "RANDOM, SEQUENTIAL or GAUSSIAN (default ${DEFAULT-VALUE}).")
    private KeyPattern keyPattern;

    @Option(names = "--key-prefix", defaultValue = "key:", description = "Key prefix (default ${DEFAULT-VALUE}).")
    private String keyPrefix;

    @Option(names = "--key-minimum", defaultValue = "0")
    private long keyMin;

    @Option(names = "--key-maximum", defaultValue = "99999")
    private long keyMax;

    @Option(names = {"-d", "--data-size"}, defaultValue = "32", description = "Value size in bytes (default ${DEFAULT-VALUE}).")
    private int dataSize;

    @Option(names = "--data-size-range", description = "Value size range MIN-MAX, uniform; overrides --data-size.")
    private String dataSizeRange;

    @Option(names = {"-n", "--requests"}, defaultValue = "0", description = "Total measured requests (0: use --test-time).")
    private long requests;

    @Option(names = "--test-time", defaultValue = "10", description = "Seconds to measure (default ${DEFAULT-VALUE}).")
    private double testTimeSeconds;

    @Option(names = "--warmup", defaultValue = "1", description = "Seconds of unrecorded load first (default ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop: total target ops/s; latency counts from each request's intended send time.")
    private long rate;

    @Option(names = {"-3", "--resp3"}, description = "Speak RESP3 (HELLO 3 on every connection).")
    private boolean resp3;

    @Option(names = "--cluster", description = "Cluster mode: CLUSTER SLOTS from the seed, route by slot, follow MOVED/ASK.")
    private boolean cluster;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--key-digits", defaultValue = "0",
            description = "Zero-pad key numbers to this many digits; 12 gives redis-benchmark's __rand_int__ keys (default ${DEFAULT-VALUE}).")
    private int keyDigits;

    @Option(names = "--cpus", description = "Pin the event-loop threads to these CPUs, taskset style: 1, 0-3 (Linux).")
    private String cpus;

    @Option(names = "--hdr-file", description = "Write the .hgrm percentile distribution (milliseconds) here.")
    private Path hdrFile;

    @Override
    public Integer call() throws Exception {
        LoadConfig.Builder b = LoadConfig.builder().host(host).port(port).threads(threads)
                .connectionsPerThread(clients).pipeline(pipeline).keyPattern(keyPattern).keyPrefix(keyPrefix)
                .keySpace(keyMin, keyMax).protocol(resp3 ? 3 : 2).cluster(cluster).seed(seed).keyDigits(keyDigits)
                .cpus(cpus == null ? List.of() : CpuAffinity.parse(cpus))
                .targetOpsPerSec(rate).warmup(seconds(warmupSeconds));
        if (dataSizeRange != null) {
            String[] mm = dataSizeRange.split("-");
            b.valueSize(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
        } else {
            b.valueSize(dataSize);
        }
        if (requests > 0) {
            b.requests(requests);
        } else {
            b.testTime(seconds(testTimeSeconds));
        }
        if (commands == null || commands.isEmpty()) {
            String[] sg = ratio.split(":");
            b.command(CommandTemplate.of("SET __key__ __data__"), Integer.parseInt(sg[0]));
            b.command(CommandTemplate.of("GET __key__"), Integer.parseInt(sg[1]));
        } else {
            for (int i = 0; i < commands.size(); i++) {
                String text = commands.get(i);
                CommandTemplate t = text.startsWith("inline:")
                        ? CommandTemplate.inline(text.substring("inline:".length())) : CommandTemplate.of(text);
                b.command(t, commandRatio == null ? 1 : commandRatio.get(i));
            }
        }
        LoadConfig config = b.build();
        LoadGenerator generator = new LoadGenerator(config);
        // Ctrl-C: stop issuing, let in-flight replies arrive, and print the partial result before the JVM exits.
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            generator.stop();
            try {
                reported.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "perf-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return report(generator.run());
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the run was stopped by a signal
            }
        }
    }

    private int report(LoadResult result) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-12s %12s %10s %10s %10s %10s %10s %10s%n", "command", "ops/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "p99.99 ms", "max ms");
        double seconds = result.durationNs() / 1e9;
        for (Map.Entry<String, org.HdrHistogram.Histogram> e : result.perCommand().entrySet()) {
            printRow(out, e.getKey(), e.getValue(), seconds);
        }
        printRow(out, "TOTAL", result.latency(), seconds);
        if (result.serviceLatency() != null) {
            printRow(out, "(service)", result.serviceLatency(), seconds);
        }
        out.printf(Locale.ROOT, "%d requests in %.2f s, %d errors, %d MOVED, %d ASK%s%n", result.requests(), seconds,
                result.errors(), result.moved(), result.asks(), result.complete() ? "" : " (INCOMPLETE)");
        result.errorSamples().forEach((m, n) -> out.printf(Locale.ROOT, "  error x%d: %s%n", n, m));
        if (hdrFile != null) {
            try (PrintStream ps = new PrintStream(Files.newOutputStream(hdrFile), true, StandardCharsets.UTF_8)) {
                result.writeHgrm(ps);
            }
            out.println("wrote " + hdrFile);
        }
        out.flush();
        return result.complete() ? 0 : 1;
    }

    private static void printRow(PrintWriter out, String name, org.HdrHistogram.Histogram h, double seconds) {
        out.printf(Locale.ROOT, "%-12s %12.0f %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n", name,
                seconds > 0 ? h.getTotalCount() / seconds : 0, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                ms(h, 99.99), h.getMaxValue() / 1e6);
    }

    private static double ms(org.HdrHistogram.Histogram h, double p) {
        return h.getValueAtPercentile(p) / 1e6;
    }

    static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
