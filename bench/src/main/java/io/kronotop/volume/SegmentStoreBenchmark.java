package io.kronotop.volume;

import io.kronotop.volume.format.EntryDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable appends per second through {@link FileSegmentStore} (group commit, one {@code force} per batch) at batch
 * sizes 1, 16 and 256, beside the physical limit of the same disk: one positional write of the same record bytes
 * plus one {@code force}, with no store at all. Each invocation submits one batch and waits for it; the store is
 * configured with {@code volume.flush.max_batch_entries} equal to the batch size and a 1 ms window, so each batch
 * is exactly one sync (the measured entries per sync are printed at the end of each trial). Scores are entries per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SegmentStoreBenchmark {
    private static final long FILE_BYTES = 256L << 20;

    @Param({"1024"})
    int payloadBytes;

    private Path dir;
    private FileSegmentStore store;
    private MemorySegment payload;
    private FileChannel raw;
    private ByteBuffer rawRecords;
    private long rawPosition;
    private final CompletableFuture<?>[] pending = new CompletableFuture<?>[256];

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        String method = params.getBenchmark();
        int batch = Integer.parseInt(method.substring(method.length() - 3));
        dir = Files.createTempDirectory("segment-store-bench");
        VolumeConfig config = new VolumeConfig(FILE_BYTES, 1 << 20, batch, 64L << 20, batch == 1 ? 0 : 1000);
        store = FileSegmentStore.open(dir.resolve("volume"), "bench-shard-0", 1, config);
        payload = MemorySegment.ofArray(new byte[payloadBytes]);
        Path rawFile = dir.resolve("raw");
        raw = FileChannel.open(rawFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        raw.write(ByteBuffer.allocate(1), FILE_BYTES - 1);
        raw.force(true);
        rawRecords = ByteBuffer.allocateDirect((int) EntryDescriptor.recordLength(payloadBytes) * 256);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long syncs = store.flusher().batchesSynced();
        if (syncs > 0) {
            System.out.printf("%n  entries per sync: %.1f%n", (double) store.flusher().entriesSynced() / syncs);
        }
        store.close();
        raw.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private int appendBatch(int n) {
        for (int i = 0; i < n; i++) {
            pending[i] = store.append(i, payload);
        }
        int done = 0;
        for (int i = 0; i < n; i++) {
            done += pending[i].join() != null ? 1 : 0;
        }
        return done;
    }

    private long rawBatch(int n) throws IOException {
        int bytes = (int) EntryDescriptor.recordLength(payloadBytes) * n;
        if (rawPosition + bytes > FILE_BYTES) {
            rawPosition = 0;
        }
        ByteBuffer buffer = rawRecords.clear().limit(bytes);
        long at = rawPosition;
        while (buffer.hasRemaining()) {
            at += raw.write(buffer, at);
        }
        raw.force(false);
        rawPosition = at;
        return at;
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public int storeBatch001() {
        return appendBatch(1);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public int storeBatch016() {
        return appendBatch(16);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public int storeBatch256() {
        return appendBatch(256);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public long rawWriteForce001() throws IOException {
        return rawBatch(1);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public long rawWriteForce016() throws IOException {
        return rawBatch(16);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public long rawWriteForce256() throws IOException {
        return rawBatch(256);
    }
}
