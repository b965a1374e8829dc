package io.kronotop.perf.volume;

import io.kronotop.volume.VolumeConfig;
import io.kronotop.volume.format.EntryDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Runs the volume append comparison: for every payload size and thread count, {@code rounds} alternations of the
 * volume (fresh embedded metastore and volume each run) and the raw group-committed log (fresh file each run),
 * volume first in odd rounds and raw first in even ones, so slow drifts of the shared machine hit both alike.
 */
public final class VolumeSuite {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeSuite.class);
    static final String VOLUME = "volume";
    static final String RAW = "raw";
    /** Diagnostic: the volume's segment store without metadata; not part of the default run. */
    static final String STORE = "store";
    /** Logical size of the raw log file: sparse, like a segment; appends wrap around inside it. */
    private static final long RAW_FILE_BYTES = 64L << 30;

    /**
     * @param workDir      where runs create (and delete) their files
     * @param payloadBytes payload sizes
     * @param threads      appender thread counts
     * @param systems      {@code volume} and/or {@code raw} (one alone: for profiling)
     * @param jvmWarmupSeconds before the first case, each system runs this long unrecorded at every payload size
     *                     with the most threads, so that the first measured runs do not pay for the JIT
     */
    public record Config(Path workDir, List<Integer> payloadBytes, List<Integer> threads, int rounds,
                         double warmupSeconds, double testSeconds, VolumeConfig volumeConfig, List<String> systems,
                         double jvmWarmupSeconds) {
    }

    private VolumeSuite() {
    }

    /** Runs every case; results in run order. */
    public static List<RunResult> run(Config config) throws Exception {
        List<RunResult> results = new ArrayList<>();
        if (config.jvmWarmupSeconds() > 0) {
            int threads = config.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
            for (String system : config.systems()) {
                for (int payloadBytes : config.payloadBytes()) {
                    LOG.info("JVM warm-up: {} {} B x{}, {} s", system, payloadBytes, threads,
                        config.jvmWarmupSeconds());
                    runOnce(config, system, payloadBytes, threads, 0, config.jvmWarmupSeconds(), 0);
                }
            }
        }
        for (int payloadBytes : config.payloadBytes()) {
            for (int threads : config.threads()) {
                for (int round = 1; round <= config.rounds(); round++) {
                    List<String> order = round % 2 == 1 ? List.of(VOLUME, STORE, RAW) : List.of(RAW, STORE, VOLUME);
                    for (String system : order) {
                        if (!config.systems().contains(system)) {
                            continue;
                        }
                        RunResult r = runOnce(config, system, payloadBytes, threads, round);
                        LOG.info("{} {} B x{} round {}: {} ops/s, {} MiB/s, p99 {} ms, {} per sync, load {} -> {}",
                            system, payloadBytes, threads, round, Math.round(r.opsPerSec()),
                            Math.round(r.mibPerSec()), r.percentileMs(99), Math.round(r.entriesPerSync()),
                            r.loadBefore(), r.loadAfter());
                        results.add(r);
                    }
                }
            }
        }
        return results;
    }

    static RunResult runOnce(Config config, String system, int payloadBytes, int threads, int round)
        throws Exception {
        return runOnce(config, system, payloadBytes, threads, round, config.warmupSeconds(), config.testSeconds());
    }

    private static RunResult runOnce(Config config, String system, int payloadBytes, int threads, int round,
                                     double warmupSeconds, double testSeconds) throws Exception {
        Files.createDirectories(config.workDir());
        Path dir = Files.createTempDirectory(config.workDir(), "perf-volume-");
        byte[] bytes = new byte[payloadBytes];
        new SplittableRandom(payloadBytes).nextBytes(bytes);
        MemorySegment payload = MemorySegment.ofArray(bytes);
        long warmupNs = (long) (warmupSeconds * 1e9);
        long measureNs = (long) (testSeconds * 1e9);
        try {
            double loadBefore = loadAverage();
            AppendRun.Measured m;
            long syncs;
            try (AppendTarget target = open(system, dir, config.volumeConfig(), threads, payloadBytes)) {
                m = AppendRun.run(target, payload, threads, warmupNs, measureNs);
                syncs = target.syncs();
                if (target.acknowledged() != m.issued()) {
                    throw new IllegalStateException(system + ": " + m.issued() + " appends issued, "
                        + target.acknowledged() + " acknowledged");
                }
            }
            return new RunResult(system, payloadBytes, threads, round, m.ops(), m.seconds(),
                EntryDescriptor.recordLength(payloadBytes), m.latencyNs(),
                syncs == 0 ? 0 : (double) m.issued() / syncs, loadBefore, loadAverage());
        } finally {
            deleteTree(dir);
        }
    }

    static AppendTarget open(String system, Path dir, VolumeConfig volumeConfig, int threads, int payloadBytes)
        throws IOException {
        return switch (system) {
            case VOLUME -> new VolumeAppendTarget(dir, volumeConfig);
            case STORE -> new StoreAppendTarget(dir, volumeConfig);
            case RAW -> new RawGroupCommitLog(dir.resolve("raw.log"), RAW_FILE_BYTES, threads, payloadBytes);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    /** The 1-minute load average, or -1 off Linux. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
