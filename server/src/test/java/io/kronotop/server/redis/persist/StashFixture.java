package io.kronotop.server.redis.persist;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.server.reactor.ThreadFactories;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import io.netty.channel.DefaultEventLoop;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * A real {@link Volume} over the embedded metastore in a folder, a single-threaded event loop standing in for the
 * shard's reactor, and a {@link ShardPersistence} on them; {@link #reopen} simulates a restart. Also the model a
 * keyspace would rebuild: strings and hashes as recovered.
 */
final class StashFixture implements AutoCloseable {
    static final String NAME = "redis-shard-0";
    static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    static final long PREFIX = 0x5354_4153_4800_0001L;
    static final VolumeConfig CONFIG = VolumeConfig.defaults().withSegmentSizeBytes(256 * 1024);

    final Path dir;
    final StashConfig config;
    final VolumeConfig volumeConfig;
    final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);
    final DefaultEventLoop loop = new DefaultEventLoop(ThreadFactories.named("test-shard", true));
    EmbeddedDatabase db;
    Volume volume;
    ShardPersistence shard;
    RecoverySummary summary;
    final Map<String, Recovered> keys = new LinkedHashMap<>();

    /** A recovered key: a string value, or hash fields; its expiry or -1. */
    record Recovered(String value, Map<String, String> fields, long expiryAtMs) {
    }

    StashFixture(Path dir, StashConfig config, VolumeConfig volumeConfig) throws Exception {
        this.dir = dir;
        this.config = config;
        this.volumeConfig = volumeConfig;
        open();
    }

    void open() throws Exception {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        volume = Volume.open(dir.resolve(NAME), NAME, volumeConfig, db, SUBSPACE);
        keys.clear();
        shard = on(() -> new ShardPersistence(volume, db, PREFIX, config, loop, ForkJoinPool.commonPool(),
            nowMs::get));
        summary = call(() -> shard.recover(new RecoveryVisitor() {
            @Override
            public void onString(byte[] key, byte[] value, long expiryAtMs) {
                keys.put(s(key), new Recovered(s(value), null, expiryAtMs));
            }

            @Override
            public void onHashField(byte[] key, byte[] field, byte[] value) {
                Recovered hash = keys.computeIfAbsent(s(key), k -> new Recovered(null, new HashMap<>(), -1));
                hash.fields().put(s(field), s(value));
            }

            @Override
            public void onHashExpiry(byte[] key, long expiryAtMs) {
                keys.put(s(key), new Recovered(null, keys.get(s(key)).fields(), expiryAtMs));
            }
        }));
    }

    /** Closes the shard's persistence (flushing), the volume and the metastore, then opens and recovers again. */
    void reopen() throws Exception {
        closeQuietly();
        open();
    }

    /** A restart without flushing: whatever was not yet durable is lost, as in a crash of the process. */
    void crashAndReopen() throws Exception {
        volume.close();
        db.close();
        open();
    }

    /**
     * Holds the volume's append completions from now until {@link HeldCompletions#release}: every flush handed to
     * the volume meanwhile stays in flight however fast the disk is, which a test of what happens during a flush
     * needs (a completion otherwise reaches the shard's thread at a moment no test can choose). Staged packs are
     * committed to the metastore, not appended: a test that holds completions turns staging off
     * ({@code withStage(0, ...)}).
     */
    HeldCompletions holdCompletions() {
        HeldCompletions held = new HeldCompletions();
        volume.completeAppendsOn(held);
        return held;
    }

    /** The completions held back by {@link #holdCompletions}. */
    final class HeldCompletions implements Executor {
        private final List<Runnable> held = new ArrayList<>();
        private boolean released;

        @Override
        public synchronized void execute(Runnable task) {
            if (released) {
                loop.execute(task);
            } else {
                held.add(task);
            }
        }

        /** The appends completed and held so far. */
        synchronized int held() {
            return held.size();
        }

        /** Completes the held appends on the shard's thread, and every later one there as before. */
        synchronized void release() {
            released = true;
            volume.completeAppendsOn(loop);
            held.forEach(loop::execute);
            held.clear();
        }
    }

    /** Runs {@code action} on the shard's thread and waits for the stage it returns. */
    <T> T call(Supplier<CompletionStage<T>> action) throws Exception {
        return CompletableFuture.supplyAsync(action, loop).thenCompose(stage -> stage).get(20, TimeUnit.SECONDS);
    }

    /** Runs {@code action} on the shard's thread and returns its result. */
    <T> T on(Supplier<T> action) throws Exception {
        return CompletableFuture.supplyAsync(action, loop).get(20, TimeUnit.SECONDS);
    }

    /**
     * The shard's packs wherever they are (live entries of its prefix in the volume, plus any bare or unreadable
     * entry, and its staged packs).
     */
    long storedPacks() throws Exception {
        return volume.forEachEntry(PREFIX, 1000, (id, payload) -> { }).get() + stagedPacks().size();
    }

    /** The shard's staged packs: id and bytes, in id order. */
    List<KeyValue> stagedPacks() throws Exception {
        Subspace stage = ShardPersistence.stageSubspace(volume, PREFIX);
        return db.readAsync(tr -> tr.getRange(stage.range()).asList()).get();
    }

    /** Waits until dead packs have been collected (asynchronously) down to {@code expected} volume entries. */
    void awaitStoredPacks(long expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> storedPacks() == expected);
    }

    /**
     * The record count of every pack of the shard (in the volume or staged), in log order; -1 for an entry that is
     * not a pack.
     */
    List<Integer> packCounts() throws Exception {
        Map<Versionstamp, Integer> counts = new TreeMap<>();
        volume.forEachEntry(PREFIX, 1000, (id, payload) -> {
            Versionstamp order = StashPack.isPack(payload) ? StashPack.order(payload) : null;
            counts.put(order != null ? order : id, StashPack.isPack(payload) ? StashPack.count(payload) : -1);
        }).get();
        Subspace stage = ShardPersistence.stageSubspace(volume, PREFIX);
        for (KeyValue kv : stagedPacks()) {
            counts.put(stage.unpack(kv.getKey()).getVersionstamp(0),
                StashPack.count(MemorySegment.ofArray(kv.getValue())));
        }
        return new ArrayList<>(counts.values());
    }

    /** The ids of the shard's volume entries, in log order. */
    List<Versionstamp> entryIds() throws Exception {
        List<Versionstamp> ids = new ArrayList<>();
        volume.forEachEntry(PREFIX, 1000, (id, payload) -> ids.add(id)).get();
        return ids;
    }

    /** The shard's counters, read on its thread. */
    PersistenceStats stats() throws Exception {
        return on(() -> shard.stats());
    }

    /** Appends one bare record, as the one-record-per-entry format of earlier releases wrote it. */
    void appendBare(byte[] record) throws Exception {
        volume.append(PREFIX, MemorySegment.ofArray(record)).get();
    }

    /** Appends one pack of {@code records}, as a flush writes it. */
    void appendPack(byte[]... records) throws Exception {
        long bytes = 0;
        for (byte[] record : records) {
            bytes += record.length;
        }
        volume.append(PREFIX, MemorySegment.ofArray(StashPack.encode(List.of(records), 0, records.length, bytes)))
            .get();
    }

    static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void closeQuietly() throws Exception {
        call(() -> shard.close());
        volume.close();
        db.close();
    }

    @Override
    public void close() throws Exception {
        try {
            closeQuietly();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static StashFixture open(Path dir, StashConfig config) throws Exception {
        return new StashFixture(dir, config, CONFIG);
    }

    static StashFixture open(Path dir, StashConfig config, VolumeConfig volumeConfig) throws Exception {
        return new StashFixture(dir, config, volumeConfig);
    }
}
