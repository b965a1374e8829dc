package io.kronotop.volume;

import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.TupleLongs;
import io.kronotop.metastore.Versionstamps;
import io.kronotop.volume.format.EntryDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;

/**
 * The layout of one volume's metadata in the metastore, under the volume's subspace, and the writes that keep it.
 * The first tuple element is a one-byte tag:
 *
 * <pre>
 *  tag   key (tuple after the volume subspace)          value
 *  0x01  (1, prefix, versionstamp)                       entry location, 20 bytes (below)
 *  0x02  (2, segmentId, offset)                          reverse index: tuple (prefix, versionstamp) of the entry
 *  0x04  (4, segmentId, prefix, 1)                       cardinality, int64 LE, atomic ADD
 *  0x04  (4, segmentId, prefix, 2)                       used bytes (whole records), int64 LE, atomic ADD
 *  0x05  (5, seq, parentKind, kind, versionstamp)        changelog record, tuple (below)
 *  0x06  (6)                                             mutation trigger, int64 LE, +1 per mutating commit
 *  0x08  (8, ...)                                        vacuum progress (see vacuum.VacuumMetadata)
 *  0x09  (9, 1)                                          volume id, int64 LE
 *  0x09  (9, 2)                                          status, ASCII name of a VolumeStatus
 *  0x09  (9, 3, segmentId)                               segment guard: absent while the segment may be pointed at,
 *                                                        "RETIRED" once vacuum or orphan cleanup emptied it
 *  0x0A  (10, ...)                                       the volume's user's own keys ({@link Volume#userSubspace}),
 *                                                        never read or written by the volume
 * </pre>
 *
 * Every commit that makes a key point into a segment reads that segment's guard key, and retiring a segment writes
 * it after checking (in the same transaction) that no key points into the segment: whichever commits second
 * conflicts, so no committed key ever points into a retired (deleted) segment.
 *
 * Entry location value, little-endian, 20 bytes: {@code segmentId (8) | offset (8) | payload length (4)}.
 * Changelog: {@code seq} from a {@code HybridLogicalClock}; parent kinds LIFECYCLE 1 (APPEND 1, UPDATE 3) and
 * FINALIZATION 2 (DELETE 2); value {@code (segmentId, offset, length, prefix)}, for UPDATE
 * {@code (segmentId, offset, length, prevSegmentId, prevOffset, prevLength, prefix)}; an APPEND's key carries the
 * entry's versionstamp, filled in at commit.
 *
 * <p>Stateless and immutable: any thread.
 */
final class VolumeSubspace {
    static final int ENTRY = 0x01;
    static final int REVERSE = 0x02;
    static final int SEGMENT_STATS = 0x04;
    static final int CHANGELOG = 0x05;
    static final int LIFECYCLE = 0x01;
    static final int FINALIZATION = 0x02;
    static final int KIND_APPEND = 0x01;
    static final int KIND_DELETE = 0x02;
    static final int KIND_UPDATE = 0x03;
    static final int MUTATION_TRIGGER = 0x06;
    static final int VACUUM = 0x08;
    static final int VOLUME_METADATA = 0x09;
    static final int USER = 0x0A;
    static final int STAT_CARDINALITY = 0x01;
    static final int STAT_USED_BYTES = 0x02;
    static final int FIELD_ID = 0x01;
    static final int FIELD_STATUS = 0x02;
    static final int FIELD_SEGMENT_GUARD = 0x03;
    static final byte[] RETIRED = {'R', 'E', 'T', 'I', 'R', 'E', 'D'};
    static final int LOCATION_LENGTH = 20;

    private static final byte[] NO_PREFIX = new byte[0];
    private static final byte[] PLUS_ONE = le(1);
    private static final byte[] MINUS_ONE = le(-1);

    private final Subspace entries;
    private final Subspace reverse;
    private final Subspace guards;
    private final Subspace vacuum;
    private final Subspace stats;
    private final Subspace changelog;
    private final Subspace user;
    /** The raw prefixes of the subspaces above, for {@link TupleLongs}. */
    private final byte[] entriesPrefix;
    private final byte[] reversePrefix;
    private final byte[] guardsPrefix;
    private final byte[] statsPrefix;
    private final byte[] changelogPrefix;
    private final byte[] triggerKey;
    private final byte[] idKey;
    private final byte[] statusKey;

    VolumeSubspace(Subspace root) {
        this.entries = root.get(ENTRY);
        this.reverse = root.get(REVERSE);
        this.guards = root.get(VOLUME_METADATA).get(FIELD_SEGMENT_GUARD);
        this.vacuum = root.get(VACUUM);
        this.stats = root.get(SEGMENT_STATS);
        this.changelog = root.get(CHANGELOG);
        this.user = root.get(USER);
        this.entriesPrefix = entries.getKey();
        this.reversePrefix = reverse.getKey();
        this.guardsPrefix = guards.getKey();
        this.statsPrefix = stats.getKey();
        this.changelogPrefix = changelog.getKey();
        this.triggerKey = root.pack(Tuple.from(MUTATION_TRIGGER));
        this.idKey = root.pack(Tuple.from(VOLUME_METADATA, FIELD_ID));
        this.statusKey = root.pack(Tuple.from(VOLUME_METADATA, FIELD_STATUS));
    }

    Subspace entries() {
        return entries;
    }

    Subspace user() {
        return user;
    }

    Subspace stats() {
        return stats;
    }

    Subspace reverse() {
        return reverse;
    }

    Subspace guards() {
        return guards;
    }

    Subspace vacuum() {
        return vacuum;
    }

    byte[] reverseKey(EntryLocation location) {
        return TupleLongs.pack(reversePrefix, location.segmentId(), location.offset());
    }

    byte[] guardKey(long segmentId) {
        return TupleLongs.pack(guardsPrefix, segmentId);
    }

    /**
     * Reads the guard of {@code location}'s segment in {@code tr} (a conflicting read: a concurrent retirement makes
     * one of the two commits fail) and fails if the segment is already retired.
     */
    CompletableFuture<Void> checkGuard(Transaction tr, EntryLocation location) {
        return tr.get(guardKey(location.segmentId())).thenAccept(value -> {
            if (value != null) {
                throw new SegmentRetiredException(location.segmentId());
            }
        });
    }

    /** Points the reverse index at {@code location} for entry {@code id} of {@code prefix}. */
    void setReverse(Transaction tr, EntryLocation location, long prefix, Versionstamp id) {
        tr.set(reverseKey(location), TupleLongs.packWithStamp(NO_PREFIX, id, prefix));
    }

    Subspace changelog() {
        return changelog;
    }

    byte[] triggerKey() {
        return triggerKey;
    }

    byte[] idKey() {
        return idKey;
    }

    byte[] statusKey() {
        return statusKey;
    }

    byte[] entryKey(long prefix, Versionstamp id) {
        return TupleLongs.packWithStamp(entriesPrefix, id, prefix);
    }

    /**
     * Records a new entry under an incomplete versionstamp key with {@code userVersion}, accounts for it, and logs
     * an APPEND with sequence number {@code seq}.
     */
    void addEntry(Transaction tr, long prefix, int userVersion, EntryLocation location, long seq) {
        addEntryKeys(tr, prefix, userVersion, location, seq);
        account(tr, prefix, location, true);
        bumpTrigger(tr);
    }

    /**
     * The keys of a new entry alone (entry key, reverse index, APPEND record), without its counters and the trigger:
     * a batch adds those once per segment and prefix ({@link #account(Transaction, long, long, long, long)}).
     */
    void addEntryKeys(Transaction tr, long prefix, int userVersion, EntryLocation location, long seq) {
        // Each tuple ends with the incomplete versionstamp: pack the head, append the placeholder.
        tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, Versionstamps.packWithIncompleteVersionstampLast(
            TupleLongs.pack(entriesPrefix, prefix), userVersion), encodeLocation(location));
        tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, reverseKey(location),
            Versionstamps.packWithIncompleteVersionstampLast(TupleLongs.pack(NO_PREFIX, prefix), userVersion));
        tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, Versionstamps.packWithIncompleteVersionstampLast(
            TupleLongs.pack(changelogPrefix, seq, LIFECYCLE, KIND_APPEND), userVersion),
            TupleLongs.pack(NO_PREFIX, location.segmentId(), location.offset(), location.length(), prefix));
    }

    /**
     * Repoints entry {@code id}'s key from {@code previous} to {@code location}: key, reverse index, counters of both
     * segments, an UPDATE record and the trigger.
     */
    void repoint(Transaction tr, byte[] key, long prefix, Versionstamp id, EntryLocation previous,
                 EntryLocation location, long seq) {
        repointKeys(tr, key, prefix, id, previous, location, seq);
        account(tr, prefix, previous, false);
        account(tr, prefix, location, true);
    }

    /**
     * The keys of a repointing alone (entry key, reverse index, UPDATE record), without the counters of the two
     * segments: a batch adds those once per segment and prefix.
     */
    void repointKeys(Transaction tr, byte[] key, long prefix, Versionstamp id, EntryLocation previous,
                     EntryLocation location, long seq) {
        tr.set(key, encodeLocation(location));
        tr.clear(reverseKey(previous));
        setReverse(tr, location, prefix, id);
        logUpdate(tr, seq, prefix, id, location, previous);
    }

    /** Removes entry {@code id} (at {@code location}): key, reverse index, counters, a DELETE record, trigger. */
    void remove(Transaction tr, byte[] key, long prefix, Versionstamp id, EntryLocation location, long seq) {
        tr.clear(key);
        tr.clear(reverseKey(location));
        account(tr, prefix, location, false);
        logDelete(tr, seq, prefix, id, location);
        bumpTrigger(tr);
    }

    /** Logs the repointing of entry {@code id} from {@code previous} to {@code location}. */
    void logUpdate(Transaction tr, long seq, long prefix, Versionstamp id, EntryLocation location,
                   EntryLocation previous) {
        tr.set(TupleLongs.packWithStamp(changelogPrefix, id, seq, LIFECYCLE, KIND_UPDATE),
            TupleLongs.packAll(NO_PREFIX, location.segmentId(), location.offset(), location.length(),
                previous.segmentId(), previous.offset(), previous.length(), prefix));
    }

    /** Logs the removal of entry {@code id}, which was at {@code location}. */
    void logDelete(Transaction tr, long seq, long prefix, Versionstamp id, EntryLocation location) {
        tr.set(TupleLongs.packWithStamp(changelogPrefix, id, seq, FINALIZATION, KIND_DELETE),
            TupleLongs.pack(NO_PREFIX, location.segmentId(), location.offset(), location.length(), prefix));
    }

    /** Adds (or removes) one entry at {@code location} to its segment's counters for {@code prefix}. */
    void account(Transaction tr, long prefix, EntryLocation location, boolean add) {
        long bytes = EntryDescriptor.recordLength(location.length());
        tr.mutate(MutationType.ADD, TupleLongs.pack(statsPrefix, location.segmentId(), prefix, STAT_CARDINALITY),
            add ? PLUS_ONE : MINUS_ONE);
        tr.mutate(MutationType.ADD, TupleLongs.pack(statsPrefix, location.segmentId(), prefix, STAT_USED_BYTES),
            le(add ? bytes : -bytes));
    }

    /** Adds {@code entries} entries of {@code recordBytes} in total to segment {@code segmentId}'s counters. */
    void account(Transaction tr, long prefix, long segmentId, long entries, long recordBytes) {
        tr.mutate(MutationType.ADD, TupleLongs.pack(statsPrefix, segmentId, prefix, STAT_CARDINALITY), le(entries));
        tr.mutate(MutationType.ADD, TupleLongs.pack(statsPrefix, segmentId, prefix, STAT_USED_BYTES), le(recordBytes));
    }

    void bumpTrigger(Transaction tr) {
        tr.mutate(MutationType.ADD, triggerKey, PLUS_ONE);
    }

    static byte[] encodeLocation(EntryLocation location) {
        return ByteBuffer.allocate(LOCATION_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(location.segmentId()).putLong(location.offset()).putInt(location.length()).array();
    }

    static EntryLocation decodeLocation(byte[] value) {
        if (value.length != LOCATION_LENGTH) {
            throw new IllegalStateException("entry location of " + value.length + " bytes, expected "
                + LOCATION_LENGTH);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        return new EntryLocation(buffer.getLong(), buffer.getLong(), buffer.getInt());
    }

    static byte[] le(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    static long readLe(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        return value.length >= Long.BYTES ? buffer.getLong() : 0;
    }
}
