package io.kronotop.perf.cli;

import io.kronotop.perf.volume.VolumeReport;
import io.kronotop.perf.volume.VolumeSuite;
import io.kronotop.volume.VolumeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code perf volume}: volume appends beside a raw group-committed log, alternating, with a report. */
@Command(name = "volume", mixinStandardHelpOptions = true,
        description = "Measure Volume.append against raw pwrite + group-commit fdatasync of the same bytes, "
                + "alternating, and write report.md and .hgrm files.")
final class VolumeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Report directory (report.md, *.hgrm).")
    private Path out;

    @Option(names = "--dir", defaultValue = "${java.io.tmpdir}",
            description = "Where runs create and delete their files (default ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--sizes", split = ",", defaultValue = "100,4096,65536",
            description = "Payload sizes in bytes (default ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--threads", split = ",", defaultValue = "1,64",
            description = "Appender thread counts (default ${DEFAULT-VALUE}).")
    private List<Integer> threads;

    @Option(names = "--systems", split = ",", defaultValue = "volume,raw",
            description = "Systems to run: volume, raw, and store (diagnostic: the segment store without "
                    + "metadata) (default ${DEFAULT-VALUE}).")
    private List<String> systems;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--test-time", defaultValue = "3",
            description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    private double testTime;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up seconds per run (default ${DEFAULT-VALUE}).")
    private double warmup;

    // 2 s left the metastore's commit path (CommitPipeline, WriteAheadLog, ConflictResolver) still being compiled by
    // C2 during the first measured volume round, which ran up to a quarter below the later ones; 8 s does not.
    @Option(names = "--jvm-warmup", defaultValue = "8",
            description = "Unrecorded seconds per system and payload size before the first case (default "
                    + "${DEFAULT-VALUE}).")
    private double jvmWarmup;

    @Option(names = "--set", description = "A volume setting for the volume and store systems, key=value (a "
            + "volume.* key of docs/configuration.md, e.g. volume.flush.max_delay_us=200); repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    @Option(names = "--command-line", defaultValue = "bin/perf volume",
            description = "How this run was invoked, for the report.")
    private String commandLine;

    @Override
    public Integer call() throws Exception {
        for (String key : settings.keySet()) {
            if (!VolumeConfig.KEYS.contains(key)) {
                throw new ParameterException(spec.commandLine(), "--set " + key + ": not a volume setting; one of "
                        + new TreeSet<>(VolumeConfig.KEYS));
            }
        }
        String started = Instant.now().toString();
        VolumeSuite.Config config = new VolumeSuite.Config(dir, sizes, threads, rounds, warmup, testTime,
                VolumeConfig.from(settings), systems, jvmWarmup);
        Path report = VolumeReport.write(VolumeSuite.run(config), config, commandLine, started, out);
        org.slf4j.LoggerFactory.getLogger(VolumeCommand.class).info("report: {}", report);
        return 0;
    }
}
