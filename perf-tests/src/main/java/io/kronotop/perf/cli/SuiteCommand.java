package io.kronotop.perf.cli;

import io.kronotop.perf.suite.CrossCheck;
import io.kronotop.perf.suite.KronotopServerProcess;
import io.kronotop.perf.suite.ReportWriter;
import io.kronotop.perf.suite.SideBySideRunner;
import io.kronotop.perf.suite.SuiteConfig;
import io.kronotop.perf.suite.Workload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perf suite}: starts Redis (three persistence settings) and Kronotop and runs workloads side by side. */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Run the default side-by-side suite against Redis and Kronotop and write a report.")
final class SuiteCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Report directory (report.md, *.hgrm, plot.png).")
    private Path out;

    @Option(names = "--systems", split = ",", defaultValue = "redis,redis-aof-everysec,redis-aof-always,kronotop",
            description = "Systems in run order (default ${DEFAULT-VALUE}).")
    private List<String> systems;

    @Option(names = "--workloads", split = ",",
            description = "Only these default workloads: ping-inline, ping, echo, set-get-p1, set-get-p16, hset-hget-p1, "
                    + "zset-zget-p1.")
    private List<String> workloads;

    @Option(names = "--workload", description = "A custom workload, repeatable, instead of the defaults: "
            + "'NAME;cmd=W:TEMPLATE;...[;pipeline=N][;connections=N][;keys=N][;size=N][;prefix=P][;writes]', e.g. "
            + "'zset;writes;cmd=1:ZADD __key__ 1 __data__;cmd=3:ZSCORE __key__ __data__'.")
    private List<String> customWorkloads;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--test-time", defaultValue = "2", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    private double testTime;

    @Option(names = "--warmup", defaultValue = "0.5", description = "Warm-up seconds per run (default ${DEFAULT-VALUE}).")
    private double warmup;

    @Option(names = "--threads", defaultValue = "1", description = "Generator threads (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--cross-check-seconds", defaultValue = "1",
            description = "Length of each redis-benchmark cross-check run; 0 disables (default ${DEFAULT-VALUE}).")
    private double crossCheckSeconds;

    @Option(names = "--cross-check-rounds", defaultValue = "5",
            description = "Alternations of (generator, redis-benchmark) per command and shape (default ${DEFAULT-VALUE}).")
    private int crossCheckRounds;

    @Option(names = "--cross-check-shapes", split = ",", defaultValue = "1x1,1x16,50x1,50x16",
            description = "CONNECTIONSxPIPELINE shapes of the cross-check, each run for every distinct command "
                    + "(default ${DEFAULT-VALUE}).")
    private List<String> crossCheckShapes;

    @Option(names = "--redis-benchmark-threads", defaultValue = "1",
            description = "redis-benchmark --threads in the cross-check (default ${DEFAULT-VALUE}).")
    private int redisBenchmarkThreads;

    @Option(names = "--cross-check-pinning", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "During the cross-check, pin Redis to CPU 0 and both clients to CPU 1 (default ${DEFAULT-VALUE}; "
                    + "--no-cross-check-pinning to let the scheduler place them).")
    private boolean crossCheckPinning;

    @Option(names = "--jvm-warmup", defaultValue = "3",
            description = "Seconds of unrecorded load per workload against each JVM server first (default ${DEFAULT-VALUE}).")
    private double jvmWarmup;

    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server")
    private String redisServer;

    @Option(names = "--redis-benchmark", defaultValue = "/usr/bin/redis-benchmark")
    private String redisBenchmark;

    @Option(names = "--kronotop-jvm-opt", description = "Extra JVM option for the Kronotop child, repeatable.")
    private List<String> kronotopJvmOptions = new ArrayList<>();

    @Option(names = "--kronotop-set", description = "key=value passed to Kronotop as --set, repeatable.")
    private List<String> kronotopSettings = new ArrayList<>();

    @Option(names = "--server-cpus", description = "Pin servers with taskset -c LIST (e.g. 0).")
    private String serverCpus;

    @Option(names = "--client-cpus", description = "Pin redis-benchmark with taskset -c LIST (e.g. 1).")
    private String clientCpus;

    @Option(names = "--command-line", hidden = true, description = "How the run was invoked, for the report.")
    private String commandLine;

    @Override
    public Integer call() throws Exception {
        List<Workload> chosen = new ArrayList<>();
        if (customWorkloads != null) {
            for (String text : customWorkloads) {
                try {
                    chosen.add(Workload.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
                }
            }
        }
        for (Workload w : Workload.defaults()) {
            if ((workloads == null && customWorkloads == null) || (workloads != null && workloads.contains(w.name()))) {
                chosen.add(w);
            }
        }
        if (chosen.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such workload: " + workloads);
        }
        List<CrossCheck.Shape> shapes = new ArrayList<>();
        for (String shape : crossCheckShapes) {
            try {
                shapes.add(CrossCheck.Shape.parse(shape));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        String rb = Files.isExecutable(Path.of(redisBenchmark)) ? redisBenchmark : null;
        SuiteConfig config = new SuiteConfig(chosen, systems, rounds, LoadCommand.seconds(testTime),
                LoadCommand.seconds(warmup), threads, rb == null ? 0 : crossCheckSeconds, crossCheckRounds, redisServer,
                rb, KronotopServerProcess.defaultJava(), System.getProperty("java.class.path"), kronotopJvmOptions,
                kronotopSettings, out, taskset(serverCpus), taskset(clientCpus),
                commandLine != null ? commandLine : "perf suite " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs()), shapes, redisBenchmarkThreads, crossCheckPinning,
                LoadCommand.seconds(jvmWarmup));
        SideBySideRunner.SuiteResult result = new SideBySideRunner(config).run();
        Path report = ReportWriter.write(result, out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.println(Files.readString(report));
        pw.println("wrote " + report);
        pw.flush();
        return 0;
    }

    private static List<String> taskset(String cpus) {
        return cpus == null || cpus.isBlank() ? List.of() : List.of("taskset", "-c", cpus);
    }
}
