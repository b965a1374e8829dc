package io.kronotop.server.redis.persist;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.server.reactor.ThreadFactories;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import io.netty.channel.DefaultEventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Persisted SET throughput in sync mode: each benchmark thread is a client that sends a SET of a 100-byte value
 * (over 100,000 keys, so mostly updates once warm) to the shard's event loop and waits for the acknowledgement
 * (record synced, metadata committed). Compared with the physical limit of a naive persister: one positional
 * {@code write} of the same record and one {@code force(false)} (fdatasync) per SET, from as many threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ShardPersistenceBenchmark {
    private static final int KEYS = 100_000;
    private static final byte[] VALUE = new byte[100];
    private static final int RECORD_BYTES = 32 + 16 + VALUE.length;

    private Path dir;
    private EmbeddedDatabase db;
    private Volume volume;
    private DefaultEventLoop loop;
    private ShardPersistence shard;
    private FileChannel raw;
    private final AtomicLong rawOffset = new AtomicLong();

    @State(Scope.Thread)
    public static class Client {
        final SplittableRandom random = new SplittableRandom();
        final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);

        byte[] nextKey() {
            return ("key:" + random.nextInt(KEYS)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("shard-persistence-bench");
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        volume = Volume.open(dir.resolve("redis-shard-0"), "redis-shard-0",
            VolumeConfig.defaults().withSegmentSizeBytes(256L << 20), db,
            new Subspace(Tuple.from("volumes", "redis-shard-0")));
        loop = new DefaultEventLoop(ThreadFactories.named("bench-shard", true));
        shard = CompletableFuture.supplyAsync(() -> new ShardPersistence(volume, db, 1, StashConfig.defaults(), loop,
            ForkJoinPool.commonPool(), System::currentTimeMillis), loop).get();
        CompletableFuture.supplyAsync(() -> shard.recover(new RecoveryVisitor() {
            @Override
            public void onString(byte[] key, byte[] value, long expiryAtMs) {
            }

            @Override
            public void onHashField(byte[] key, byte[] field, byte[] value) {
            }

            @Override
            public void onHashExpiry(byte[] key, long expiryAtMs) {
            }
        }), loop).thenCompose(stage -> stage).get();
        raw = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        CompletableFuture.supplyAsync(shard::close, loop).thenCompose(stage -> stage).get();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        volume.close();
        db.close();
        raw.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private Void set(Client client) {
        byte[] key = client.nextKey();
        return CompletableFuture.supplyAsync(() -> shard.putString(key, VALUE, ShardPersistence.NO_EXPIRY), loop)
            .thenCompose(stage -> stage).join();
    }

    private long rawSet(Client client) throws IOException {
        ByteBuffer record = client.record.clear();
        long offset = rawOffset.getAndAdd(RECORD_BYTES);
        while (record.hasRemaining()) {
            raw.write(record, offset + record.position());
        }
        raw.force(false);
        return offset;
    }

    @Benchmark
    @Threads(1)
    public Void persistedSet01(Client client) {
        return set(client);
    }

    @Benchmark
    @Threads(64)
    public Void persistedSet64(Client client) {
        return set(client);
    }

    @Benchmark
    @Threads(1)
    public long rawWriteFdatasync01(Client client) throws IOException {
        return rawSet(client);
    }

    @Benchmark
    @Threads(64)
    public long rawWriteFdatasync64(Client client) throws IOException {
        return rawSet(client);
    }
}
