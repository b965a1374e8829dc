package io.kronotop.server.redis.persist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One persisted unit of a key: its string value, one hash field, or a hash's expiry. Holds where its newest
 * durable record lives (a {@link Pack}, or none), the record of the flush in flight, and the next change,
 * coalesced: changes arriving meanwhile replace each other and share one completion, so a slot has at most one
 * record in flight and its records reach the volume in command order. A string slot's state on the disk may also be
 * its newest full record plus the patches written after it ({@link #patches}), each a record of its own that stays
 * live with it.
 *
 * <p>Owner reactor thread only.
 */
final class Slot extends Held {
    final KeyState key;
    /** The hash field, or null for a string or a hash expiry. */
    final ByteKey field;
    final byte type;

    /**
     * The durable patches applied after the full record in {@link #pack}, oldest first; null when none. The slot as
     * a {@link Held} is that full record (or BASE patch): pack null when its newest durable record is a tombstone or
     * there is none.
     */
    List<PatchHold> patches;
    /** Bytes of the records in {@link #patches}. */
    long patchBytes;
    /**
     * A string change of this slot was refused for good (kept in memory only), so the disk lacks it: the next
     * change is written whole rather than patched.
     */
    boolean diverged;

    boolean inFlight;
    /** The record in flight (a tombstone for a delete), kept to be tried again if its pack fails. */
    byte[] inFlightRecord;
    /** Completed when the record in flight is durable; null when nobody waits. */
    CompletableFuture<Void> inFlightDone;

    /**
     * A next change is waiting: {@link #pendingRecord}, or for a string whose record is encoded when a flush takes
     * it, {@link #pendingValue} with its expiry and sequence. {@link #pendingLength} is the record's length either way.
     */
    boolean dirty;
    byte[] pendingRecord;
    byte[] pendingValue;
    /** The string's length: the first bytes of {@link #pendingValue} (the keyspace's array may have room after). */
    int pendingValueLength;
    long pendingExpiry;
    long pendingSequence;
    int pendingLength;
    /**
     * The string change waiting is a patch of {@link #pendingValue} (the whole current array): these ranges of it
     * changed since the slot's durable (or in-flight) state, to be written as a STRING_PATCH record; null when the
     * change waiting is not a patch.
     */
    PatchRanges pendingPatch;
    /** The patch waiting applies to the empty string (the key did not exist before it). */
    boolean pendingPatchBase;
    CompletableFuture<Void> pendingDone;
    /** In the queue of slots the next flush takes. */
    boolean queued;

    Slot(KeyState key, ByteKey field, byte type) {
        this.key = key;
        this.field = field;
        this.type = type;
    }

    /**
     * The next change is the string of the first {@code valueLength} bytes of {@code value}, its record to be encoded
     * when a flush takes it.
     */
    void deferString(byte[] value, int valueLength, long expiryAtMs, long sequence, int recordLength) {
        pendingRecord = null;
        pendingPatch = null;
        pendingPatchBase = false;
        pendingValue = value;
        pendingValueLength = valueLength;
        pendingExpiry = expiryAtMs;
        pendingSequence = sequence;
        pendingLength = recordLength;
    }

    /** Drops the next change's record or value (not {@link #dirty} nor its completion). */
    void clearPending() {
        pendingRecord = null;
        pendingValue = null;
        pendingPatch = null;
        pendingPatchBase = false;
        pendingLength = 0;
    }

    @Override
    Slot slot() {
        return this;
    }

    boolean hasPatches() {
        return patches != null && !patches.isEmpty();
    }

    /** A durable patch after the slot's full record. */
    void addPatch(PatchHold hold) {
        if (patches == null) {
            patches = new ArrayList<>(4);
        }
        patches.add(hold);
        patchBytes += hold.length;
    }

    /** Nothing durable, nothing in flight, nothing waiting: the slot can leave the index. */
    boolean idle() {
        return pack == null && !inFlight && !dirty;
    }
}
