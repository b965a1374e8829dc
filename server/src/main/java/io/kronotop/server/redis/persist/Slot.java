package io.kronotop.server.redis.persist;

import java.util.concurrent.CompletableFuture;

/**
 * One persisted unit of a key: its string value, one hash field, or a hash's expiry. Holds where its newest
 * durable record lives (a {@link Pack}, or none), the record of the flush in flight, and the next change,
 * coalesced: changes arriving meanwhile replace each other and share one completion, so a slot has at most one
 * record in flight and its records reach the volume in command order.
 *
 * <p>Owner reactor thread only.
 */
final class Slot {
    final KeyState key;
    /** The hash field, or null for a string or a hash expiry. */
    final ByteKey field;
    final byte type;

    /** The pack holding the slot's newest durable record; null when that is a tombstone or there is none. */
    Pack pack;
    /** Length, sequence and offset in {@link #pack} of that record. */
    int length;
    long sequence;
    int offset;
    /** Neighbours among the slots whose newest durable record is in {@link #pack} ({@link Pack#liveSlots()}). */
    Slot previousInPack;
    Slot nextInPack;

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
    long pendingExpiry;
    long pendingSequence;
    int pendingLength;
    CompletableFuture<Void> pendingDone;
    /** In the queue of slots the next flush takes. */
    boolean queued;

    Slot(KeyState key, ByteKey field, byte type) {
        this.key = key;
        this.field = field;
        this.type = type;
    }

    /** The next change is the string {@code value}, its record to be encoded when a flush takes it. */
    void deferString(byte[] value, long expiryAtMs, long sequence, int recordLength) {
        pendingRecord = null;
        pendingValue = value;
        pendingExpiry = expiryAtMs;
        pendingSequence = sequence;
        pendingLength = recordLength;
    }

    /** Drops the next change's record or value (not {@link #dirty} nor its completion). */
    void clearPending() {
        pendingRecord = null;
        pendingValue = null;
        pendingLength = 0;
    }

    /** Nothing durable, nothing in flight, nothing waiting: the slot can leave the index. */
    boolean idle() {
        return pack == null && !inFlight && !dirty;
    }
}
