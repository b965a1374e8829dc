package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_EXPIRY;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_FIELD;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING;

/**
 * Rebuilds a shard from its volume entries. Records are collected first ({@link #onEntry}, on a metastore thread),
 * then grouped by key and resolved on the owner thread ({@link #resolve}):
 * <ul>
 *   <li>the key's newest record (highest sequence) decides its type;</li>
 *   <li>a string keeps its newest STRING record; a hash keeps, per field and for its expiry, the newest record
 *       newer than every STRING record of the key;</li>
 *   <li>a key whose expiry has passed, and a hash left without fields, are dropped;</li>
 *   <li>every record not kept is deleted from the volume.</li>
 * </ul>
 */
final class StashLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StashLoader.class);

    private final ShardPersistence shard;
    private final long nowMs;
    private final StashRecordFlyweight flyweight = new StashRecordFlyweight();
    private final Map<ByteKey, List<Loaded>> byKey = new LinkedHashMap<>();
    private long entries;
    private long unreadable;
    private long maxSequence;

    StashLoader(ShardPersistence shard, long nowMs) {
        this.shard = shard;
        this.nowMs = nowMs;
    }

    /** One live entry of the shard's prefix (metastore thread, one at a time). */
    void onEntry(Versionstamp id, MemorySegment payload) {
        entries++;
        if (!flyweight.tryWrap(payload)) {
            unreadable++;
            LOG.error("stash {}: entry {} is not a readable stash record ({} bytes); left in place",
                shard.volume().name(), id, payload.byteSize());
            return;
        }
        Loaded record = new Loaded(id, flyweight.type(), flyweight.sequence(), flyweight.expiryAtMs(),
            flyweight.type() == TYPE_HASH_FIELD ? flyweight.field() : null, flyweight.value());
        maxSequence = Math.max(maxSequence, record.sequence);
        byKey.computeIfAbsent(new ByteKey(flyweight.key()), k -> new ArrayList<>(1)).add(record);
    }

    /** Delivers the winners, indexes them, deletes the rest; owner thread. */
    CompletionStage<RecoverySummary> resolve(RecoveryVisitor visitor) {
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        long[] counts = new long[5]; // strings, hashes, fields, expired, superseded
        for (Map.Entry<ByteKey, List<Loaded>> e : byKey.entrySet()) {
            resolveKey(e.getKey().bytes(), e.getValue(), visitor, deletes, counts);
        }
        byKey.clear();
        RecoverySummary summary = new RecoverySummary(entries, counts[0], counts[1], counts[2], counts[3],
            counts[4], unreadable, maxSequence + 1);
        return CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> summary);
    }

    private void resolveKey(byte[] key, List<Loaded> records, RecoveryVisitor visitor,
                            List<CompletableFuture<Void>> deletes, long[] counts) {
        if (records.size() == 1 && records.getFirst().type != TYPE_HASH_EXPIRY) {
            Loaded only = records.getFirst();
            if (only.expiryAtMs >= 0 && only.expiryAtMs <= nowMs) {
                counts[3]++;
                deletes.add(shard.deletes().submit(only.id));
            } else {
                deliver(key, records, visitor, counts);
            }
            return;
        }
        Loaded newest = records.getFirst();
        long newestString = -1;
        for (Loaded record : records) {
            newest = record.sequence > newest.sequence ? record : newest;
            if (record.type == TYPE_STRING) {
                newestString = Math.max(newestString, record.sequence);
            }
        }
        List<Loaded> kept = new ArrayList<>();
        if (newest.type == TYPE_STRING) {
            kept.add(newest);
        } else {
            Map<ByteKey, Loaded> perSlot = new HashMap<>();
            ByteKey expirySlot = new ByteKey(new byte[0]);
            for (Loaded record : records) {
                if (record.type == TYPE_STRING || record.sequence < newestString) {
                    continue;
                }
                ByteKey slot = record.type == TYPE_HASH_EXPIRY ? expirySlot : new ByteKey(record.field);
                perSlot.merge(slot, record, (a, b) -> a.sequence >= b.sequence ? a : b);
            }
            kept.addAll(perSlot.values());
        }
        long expiry = ShardPersistence.NO_EXPIRY;
        boolean hasField = false;
        for (Loaded record : kept) {
            if (record.type != TYPE_HASH_FIELD) {
                expiry = record.expiryAtMs;
            } else {
                hasField = true;
            }
        }
        boolean expired = expiry >= 0 && expiry <= nowMs;
        if (expired || (newest.type != TYPE_STRING && !hasField)) {
            counts[3] += expired ? 1 : 0;
            kept.clear();
        }
        Set<Loaded> keptSet = Collections.newSetFromMap(new IdentityHashMap<>());
        keptSet.addAll(kept);
        for (Loaded record : records) {
            if (!keptSet.contains(record)) {
                deletes.add(shard.deletes().submit(record.id));
                counts[4] += expired ? 0 : 1;
            }
        }
        deliver(key, kept, visitor, counts);
    }

    private void deliver(byte[] key, List<Loaded> kept, RecoveryVisitor visitor, long[] counts) {
        Loaded expiryRecord = null;
        for (Loaded record : kept) {
            byte[] value = record.value.toArray(ValueLayout.JAVA_BYTE);
            switch (record.type) {
                case TYPE_STRING -> {
                    visitor.onString(key, value, record.expiryAtMs);
                    counts[0]++;
                }
                case TYPE_HASH_FIELD -> {
                    visitor.onHashField(key, record.field, value);
                    counts[2]++;
                }
                default -> expiryRecord = record;
            }
            shard.onRecovered(key, record.field, record.type, record.id);
        }
        if (!kept.isEmpty() && kept.getFirst().type != TYPE_STRING) {
            counts[1]++;
            if (expiryRecord != null) {
                visitor.onHashExpiry(key, expiryRecord.expiryAtMs);
            }
        }
    }

    /** One collected record; the value is a zero-copy slice of the segment mapping. */
    private record Loaded(Versionstamp id, byte type, long sequence, long expiryAtMs, byte[] field,
                          MemorySegment value) {
    }
}
