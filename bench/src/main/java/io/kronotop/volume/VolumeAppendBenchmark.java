package io.kronotop.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.format.EntryDescriptor;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable appends through the whole {@link Volume#append} path (positional write into the segment, group-commit
 * {@code fdatasync}, the batch's metadata transaction in the embedded metastore, acknowledgement) with 1 and 64
 * appender threads and payloads of 100 B, 4 KiB and 64 KiB, beside the raw baseline for the same record bytes in
 * the same run ({@link RawGroupCommitLog}: one shared file, {@code pwrite} then either a leader/follower group
 * {@code fdatasync} or one {@code fdatasync} per write). Scores are acknowledged appends per second; each trial
 * also prints the record bandwidth and the acknowledgement latency percentiles (HdrHistogram over the measurement
 * iterations), and for the volume the entries per segment sync. {@code storeAppend*} is the diagnostic middle:
 * {@link FileSegmentStore#append} alone (segment write and group-commit sync, no metadata, no metastore).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class VolumeAppendBenchmark {
    private static final long RAW_FILE_BYTES = 1L << 30;

    @Param({"100", "4096", "65536"})
    int payloadBytes;

    private Path dir;
    private EmbeddedDatabase db;
    private Volume volume;
    private FileSegmentStore store;
    private RawGroupCommitLog raw;
    private MemorySegment payload;
    private ByteBuffer record;
    private long recordBytes;
    private final ConcurrentHistogram iteration = new ConcurrentHistogram(3);
    private final Histogram trial = new Histogram(3);
    private long iterationStartNs;
    private long measuredOps;
    private long measuredNs;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        dir = Files.createTempDirectory("volume-append-bench");
        byte[] bytes = new byte[payloadBytes];
        new SplittableRandom(7).nextBytes(bytes);
        payload = MemorySegment.ofArray(bytes);
        recordBytes = EntryDescriptor.recordLength(payloadBytes);
        record = ByteBuffer.allocateDirect((int) recordBytes);
        record.put(0, bytes);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.startsWith("volume")) {
            db = EmbeddedDatabase.open(dir.resolve("metastore"));
            volume = Volume.open(dir.resolve("bench-shard-0"), "bench-shard-0",
                VolumeConfig.defaults().withSegmentSizeBytes(1L << 30), db,
                new Subspace(Tuple.from("volumes", "bench-shard-0")));
        } else if (method.startsWith("store")) {
            store = FileSegmentStore.open(dir.resolve("bench-shard-0"), "bench-shard-0", 1,
                VolumeConfig.defaults().withSegmentSizeBytes(1L << 30));
        } else {
            raw = new RawGroupCommitLog(dir.resolve("raw"), RAW_FILE_BYTES);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iteration.reset();
        iterationStartNs = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        long elapsed = System.nanoTime() - iterationStartNs;
        if (params.getType() == IterationType.MEASUREMENT) {
            trial.add(iteration);
            measuredOps += iteration.getTotalCount();
            measuredNs += elapsed;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        double opsPerSec = measuredOps * 1e9 / Math.max(1, measuredNs);
        System.out.printf(Locale.ROOT, "%n  record %d B: %.1f MiB/s of records; ack latency us: p50 %.0f, p99 %.0f, "
                + "p99.9 %.0f, max %.0f%n", recordBytes, opsPerSec * recordBytes / (1 << 20),
            trial.getValueAtPercentile(50) / 1e3, trial.getValueAtPercentile(99) / 1e3,
            trial.getValueAtPercentile(99.9) / 1e3, trial.getMaxValue() / 1e3);
        if (volume != null) {
            long syncs = volume.store().flusher().batchesSynced();
            System.out.printf(Locale.ROOT, "  volume: %d segment syncs, %.1f entries per sync%n", syncs,
                (double) volume.store().flusher().entriesSynced() / Math.max(1, syncs));
            volume.close();
            db.close();
        }
        if (store != null) {
            long syncs = store.flusher().batchesSynced();
            System.out.printf(Locale.ROOT, "  store: %d segment syncs, %.1f entries per sync%n", syncs,
                (double) store.flusher().entriesSynced() / Math.max(1, syncs));
            store.close();
        }
        if (raw != null) {
            System.out.printf(Locale.ROOT, "  raw: %d syncs, %.1f writes per sync%n", raw.syncs(),
                (double) raw.writes() / Math.max(1, raw.syncs()));
            raw.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Object volumeAppend() {
        long start = System.nanoTime();
        Object id = volume.append(1, payload).join();
        iteration.recordValue(System.nanoTime() - start);
        return id;
    }

    private Object storeAppend() {
        long start = System.nanoTime();
        Object location = store.append(1, payload).join();
        iteration.recordValue(System.nanoTime() - start);
        return location;
    }

    private long rawGroupCommit() throws IOException {
        long start = System.nanoTime();
        raw.appendGroupCommit(record);
        long took = System.nanoTime() - start;
        iteration.recordValue(took);
        return took;
    }

    private long rawSyncEach() throws IOException {
        long start = System.nanoTime();
        raw.appendSyncEach(record);
        long took = System.nanoTime() - start;
        iteration.recordValue(took);
        return took;
    }

    @Benchmark
    @Threads(1)
    public Object volumeAppend01() {
        return volumeAppend();
    }

    @Benchmark
    @Threads(64)
    public Object volumeAppend64() {
        return volumeAppend();
    }

    @Benchmark
    @Threads(1)
    public Object storeAppend01() {
        return storeAppend();
    }

    @Benchmark
    @Threads(64)
    public Object storeAppend64() {
        return storeAppend();
    }

    @Benchmark
    @Threads(1)
    public long rawGroupCommit01() throws IOException {
        return rawGroupCommit();
    }

    @Benchmark
    @Threads(64)
    public long rawGroupCommit64() throws IOException {
        return rawGroupCommit();
    }

    @Benchmark
    @Threads(1)
    public long rawSyncEach01() throws IOException {
        return rawSyncEach();
    }

    @Benchmark
    @Threads(64)
    public long rawSyncEach64() throws IOException {
        return rawSyncEach();
    }
}
