package io.kronotop.metastore;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Commit throughput of the embedded metastore at 1, 8 and 64 concurrent committers (one 16-byte key and a 100-byte
 * value per transaction, no conflicts), beside the physical limit measured in the same run: a positional write of
 * the same log record plus {@code fdatasync}, one record per sync ({@code rawWriteSync1}) and 64 records per sync
 * ({@code rawWriteSync64}, reported per record).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class EmbeddedDatabaseCommitBenchmark {
    private static final int VALUE_BYTES = 100;
    private static final int KEYS_PER_THREAD = 10_000;

    private Path dir;
    private EmbeddedDatabase db;
    private FileChannel raw;
    private long rawPosition;
    private ByteBuffer record;
    private ByteBuffer record64;
    private final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("metastore-commit-bench");
        db = EmbeddedDatabase.open(dir.resolve("db"));
        raw = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        WalDescriptor.Encoder enc = new WalDescriptor.Encoder();
        enc.begin(1);
        enc.set(new byte[16], new byte[VALUE_BYTES]);
        ByteBuffer one = enc.finish();
        record = ByteBuffer.allocateDirect(one.remaining());
        record.put(one).flip();
        record64 = ByteBuffer.allocateDirect(record.remaining() * 64);
        for (int i = 0; i < 64; i++) {
            record64.put(record.duplicate());
        }
        record64.flip();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        raw.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A committer's own key range, so that transactions never conflict. */
    @State(Scope.Thread)
    public static class Committer {
        int id = -1;
        int next;
        final byte[] value = new byte[VALUE_BYTES];

        byte[] nextKey(EmbeddedDatabaseCommitBenchmark bench) {
            if (id < 0) {
                id = bench.threadIds.getAndIncrement();
            }
            next = (next + 1) % KEYS_PER_THREAD;
            return ByteBuffer.allocate(16).putLong(id).putLong(next).array();
        }
    }

    private void commit(Committer c) {
        byte[] key = c.nextKey(this);
        db.run(tr -> {
            tr.set(key, c.value);
            return null;
        });
    }

    @Benchmark
    @Threads(1)
    public void commit1(Committer c) {
        commit(c);
    }

    @Benchmark
    @Threads(8)
    public void commit8(Committer c) {
        commit(c);
    }

    @Benchmark
    @Threads(64)
    public void commit64(Committer c) {
        commit(c);
    }

    @Benchmark
    @Threads(1)
    public void rawWriteSync1() throws IOException {
        ByteBuffer b = record.duplicate();
        while (b.hasRemaining()) {
            rawPosition += raw.write(b, rawPosition);
        }
        raw.force(false);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(64)
    public void rawWriteSync64() throws IOException {
        ByteBuffer b = record64.duplicate();
        while (b.hasRemaining()) {
            rawPosition += raw.write(b, rawPosition);
        }
        raw.force(false);
    }
}
