package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_EXPIRY;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_FIELD;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING_PATCH;

/**
 * Rebuilds a shard from its volume entries and its staged packs: packs, and the bare records earlier releases wrote
 * one per entry (read as packs of one). Records are collected first ({@link #onEntry}, then {@link #onStaged}, on a
 * metastore thread, one at a time), then resolved per key on the owner thread ({@link #resolve}), with the packs in
 * log order: by id, the commit that made a pack durable (a staged pack moved into the volume carries its id):
 * <ul>
 *   <li>records of one type older than any record of the other type (a tombstone too) are dead: the key changed
 *       type after them;</li>
 *   <li>each remaining slot (the string, each field, the hash's expiry) keeps its newest record, by sequence; of
 *       two copies with one sequence (a record the cleaner wrote again) the one in the newer pack;</li>
 *   <li>a string's newest full record (a STRING record, or a STRING_PATCH flagged BASE) is its base; the patches
 *       newer than it are applied to it in sequence order, and the older ones are dead;</li>
 *   <li>a slot whose newest record is a tombstone is gone;</li>
 *   <li>a key whose expiry has passed, and a hash expiry without fields, are dropped; their records are indexed
 *       all the same and the shard writes tombstones for them once it takes writes, since nothing newer in the
 *       log makes them dead.</li>
 * </ul>
 * Nothing is deleted here: every record not kept is dead, and its pack goes when the shard's {@link PackLog} finds
 * it dead at the head.
 */
final class StashLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StashLoader.class);

    private final ShardPersistence shard;
    private final long nowMs;
    private final StashRecordFlyweight flyweight = new StashRecordFlyweight();
    private final Map<ByteKey, List<Loaded>> byKey = new LinkedHashMap<>();
    private final List<Pack> packs = new ArrayList<>();
    private long entries;
    private long unreadable;
    private long maxSequence;

    StashLoader(ShardPersistence shard, long nowMs) {
        this.shard = shard;
        this.nowMs = nowMs;
    }

    /**
     * Where each record of an entry's payload (a pack or a bare record) starts, then where the payload ends; null
     * when the payload is not wholly readable. Record {@code i} is wrapped with {@code tryWrapAt(payload,
     * offsets[i])}.
     */
    static long[] recordOffsets(MemorySegment payload, StashRecordFlyweight flyweight) {
        if (!StashPack.isPack(payload)) {
            return flyweight.tryWrap(payload) ? new long[]{0, payload.byteSize()} : null;
        }
        int count = StashPack.count(payload);
        if (count < 0 || count > payload.byteSize()) {
            return null;
        }
        long[] offsets = new long[count + 1];
        long offset = StashPack.HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            offsets[i] = offset;
            long length = flyweight.tryWrapAt(payload, offset);
            if (length < 0) {
                return null;
            }
            offset += length;
        }
        offsets[count] = offset;
        return offset == StashPack.recordsEnd(payload) ? offsets : null;
    }

    /** One live entry of the shard's prefix (metastore thread, one at a time). */
    void onEntry(Versionstamp id, MemorySegment payload) {
        Versionstamp order = StashPack.isPack(payload) ? StashPack.order(payload) : null;
        load(new Pack(order != null ? order : id, id, payload.byteSize()), payload);
    }

    /** One staged pack (metastore thread, after the volume entries, one at a time). */
    void onStaged(Versionstamp id, byte[] bytes) {
        load(Pack.staged(id, bytes), MemorySegment.ofArray(bytes));
    }

    private void load(Pack pack, MemorySegment payload) {
        Versionstamp id = pack.id;
        entries++;
        long[] offsets = recordOffsets(payload, flyweight);
        if (offsets == null) {
            unreadable++;
            LOG.error("stash {}: entry {} is neither a readable pack nor a stash record ({} bytes); left in place",
                shard.volumeName(), id, payload.byteSize());
            return;
        }
        for (int i = 0; i < offsets.length - 1; i++) {
            flyweight.tryWrapAt(payload, offsets[i]);
            Loaded loaded = new Loaded(pack, flyweight.type(), flyweight.tombstone(),
                flyweight.type() == TYPE_STRING_PATCH && flyweight.base(),
                flyweight.sequence(), flyweight.expiryAtMs(),
                flyweight.type() == TYPE_HASH_FIELD ? flyweight.field() : null, flyweight.value(), (int) offsets[i],
                (int) flyweight.bytes().byteSize());
            maxSequence = Math.max(maxSequence, loaded.sequence);
            byKey.computeIfAbsent(new ByteKey(flyweight.key()), k -> new ArrayList<>(1)).add(loaded);
        }
        packs.add(pack);
    }

    /** Delivers the winners and indexes them; owner thread. */
    RecoverySummary resolve(RecoveryVisitor visitor) {
        packs.sort((a, b) -> a.id.compareTo(b.id));
        for (Pack pack : packs) {
            shard.onRecoveredPack(pack);
        }
        long[] counts = new long[5]; // strings, hashes, fields, expired, dead records
        for (Map.Entry<ByteKey, List<Loaded>> e : byKey.entrySet()) {
            resolveKey(e.getKey().bytes(), e.getValue(), visitor, counts);
        }
        byKey.clear();
        return new RecoverySummary(entries, counts[0], counts[1], counts[2], counts[3], counts[4], unreadable,
            maxSequence + 1);
    }

    private void resolveKey(byte[] key, List<Loaded> records, RecoveryVisitor visitor, long[] counts) {
        // a record of one type is dead when any record of the other type (tombstones included) is newer: a key is
        // one type at a time, and a type change writes the new type's record after the old type's tombstones
        long newestString = -1;
        long newestHash = -1;
        for (Loaded record : records) {
            if (record.type == TYPE_STRING || record.type == TYPE_STRING_PATCH) {
                newestString = Math.max(newestString, record.sequence);
            } else {
                newestHash = Math.max(newestHash, record.sequence);
            }
        }
        Loaded string = null;
        Loaded expiry = null;
        Map<ByteKey, Loaded> fields = null;
        List<Loaded> patches = null;
        for (Loaded record : records) {
            switch (record.type) {
                case TYPE_STRING -> string = record.sequence > newestHash ? newer(string, record) : string;
                case TYPE_STRING_PATCH -> {
                    if (record.sequence <= newestHash) {
                        break;
                    }
                    if (record.base) {
                        string = newer(string, record);
                    } else {
                        if (patches == null) {
                            patches = new ArrayList<>();
                        }
                        patches.add(record);
                    }
                }
                case TYPE_HASH_EXPIRY -> expiry = record.sequence > newestString ? newer(expiry, record) : expiry;
                default -> {
                    if (record.sequence > newestString) {
                        if (fields == null) {
                            fields = new HashMap<>();
                        }
                        fields.merge(new ByteKey(record.field), record, StashLoader::newer);
                    }
                }
            }
        }
        string = string == null || string.tombstone ? null : string;
        List<Loaded> applied = List.of();
        if (string != null && patches != null) {
            long after = string.sequence;
            applied = new ArrayList<>(patches.size());
            for (Loaded patch : patches) {
                if (patch.sequence > after) {
                    applied.add(patch);
                }
            }
            applied.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        }
        expiry = expiry == null || expiry.tombstone ? null : expiry;
        List<Loaded> liveFields = new ArrayList<>();
        if (fields != null) {
            for (Loaded field : fields.values()) {
                if (!field.tombstone) {
                    liveFields.add(field);
                }
            }
        }
        long stringExpiry = !applied.isEmpty() ? applied.getLast().expiryAtMs
            : string != null ? string.expiryAtMs : -1;
        long expiryAtMs = string != null ? stringExpiry : expiry != null ? expiry.expiryAtMs : -1;
        boolean expired = expiryAtMs >= 0 && expiryAtMs <= nowMs;
        boolean orphanExpiry = expiry != null && liveFields.isEmpty();
        if (expired || orphanExpiry) {
            // dead by the clock (or by its fields' tombstones), not by a newer record: without tombstones of their
            // own, these records could outlive the packs that make them dead and come back, or give a later hash
            // of the key an old field or expiry; the shard deletes them once it takes writes
            counts[3] += expired ? 1 : 0;
            counts[4] += records.size();
            index(key, string, applied, liveFields, expiry);
            shard.onRecoveredDead(key);
            return;
        }
        counts[4] += records.size() - (string != null ? 1 + applied.size() : 0) - liveFields.size()
            - (expiry != null ? 1 : 0);
        if (string != null) {
            visitor.onString(key, stringValue(string, applied), stringExpiry);
            counts[0]++;
        } else if (!liveFields.isEmpty()) {
            counts[1]++;
            for (Loaded field : liveFields) {
                visitor.onHashField(key, field.field, field.value.toArray(ValueLayout.JAVA_BYTE));
                counts[2]++;
            }
            if (expiry != null) {
                visitor.onHashExpiry(key, expiry.expiryAtMs);
            }
        }
        index(key, string, applied, liveFields, expiry);
    }

    /** A string's value: its full record, or BASE patch, with the patches after it applied in order. */
    private static byte[] stringValue(Loaded string, List<Loaded> patches) {
        byte[] value = string.type == TYPE_STRING ? string.value.toArray(ValueLayout.JAVA_BYTE)
            : StashRecordDescriptor.applyPatch(new byte[0], string.value);
        for (Loaded patch : patches) {
            value = StashRecordDescriptor.applyPatch(value, patch.value);
        }
        return value;
    }

    private void index(byte[] key, Loaded string, List<Loaded> patches, List<Loaded> fields, Loaded expiry) {
        if (string != null) {
            shard.onRecovered(key, null, TYPE_STRING, string.pack, string.offset, string.length,
                string.sequence);
            for (Loaded patch : patches) {
                shard.onRecoveredPatch(key, patch.pack, patch.offset, patch.length, patch.sequence);
            }
        }
        for (Loaded field : fields) {
            shard.onRecovered(key, field.field, TYPE_HASH_FIELD, field.pack, field.offset, field.length,
                field.sequence);
        }
        if (expiry != null) {
            shard.onRecovered(key, null, TYPE_HASH_EXPIRY, expiry.pack, expiry.offset, expiry.length,
                expiry.sequence);
        }
    }

    /** The newer of two records of one slot: by sequence, then by position in the log. */
    private static Loaded newer(Loaded current, Loaded candidate) {
        if (current == null || candidate.sequence > current.sequence
            || (candidate.sequence == current.sequence && candidate.pack.id.compareTo(current.pack.id) > 0)) {
            return candidate;
        }
        return current;
    }

    /** One collected record; the value is a zero-copy slice of the segment mapping. */
    private record Loaded(Pack pack, byte type, boolean tombstone, boolean base, long sequence, long expiryAtMs,
                          byte[] field, MemorySegment value, int offset, int length) {
    }
}
