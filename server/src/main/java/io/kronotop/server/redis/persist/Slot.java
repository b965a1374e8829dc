package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One persisted unit of a key: its string value, one hash field, or a hash's expiry; at most one volume entry.
 * Holds the entry id (12 bytes, kept as a long and an int rather than a {@link Versionstamp} object to save
 * memory), the one operation in flight, and the next one, coalesced: writes arriving while one is in flight
 * replace each other and share one completion, so at most one volume operation per slot runs at a time and
 * they run in command order.
 *
 * <p>Owner reactor thread only.
 */
final class Slot {
    final KeyState key;
    /** The hash field, or null for a string or a hash expiry. */
    final ByteKey field;
    final byte type;

    long idHigh;
    int idLow;
    boolean hasEntry;

    boolean inFlight;
    CompletableFuture<Void> inFlightDone;
    /** The record in flight (null for a delete), kept to be tried again if the operation fails. */
    byte[] inFlightRecord;

    /** A next operation is waiting: {@link #pendingRecord}, or a delete when that is null. */
    boolean dirty;
    byte[] pendingRecord;
    CompletableFuture<Void> pendingDone;
    /** In the async queue of dirty slots. */
    boolean queued;
    /** Slots of the key's old type, deleted once this slot's next operation has succeeded (a type change). */
    List<Slot> deleteOnceWritten;

    Slot(KeyState key, ByteKey field, byte type) {
        this.key = key;
        this.field = field;
        this.type = type;
    }

    Versionstamp entryId() {
        return Versionstamp.fromBytes(ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN)
            .putLong(idHigh).putInt(idLow).array());
    }

    void entryId(Versionstamp id) {
        ByteBuffer bytes = ByteBuffer.wrap(id.getBytes()).order(ByteOrder.BIG_ENDIAN);
        idHigh = bytes.getLong();
        idLow = bytes.getInt();
        hasEntry = true;
    }

    /** Neither an entry nor any operation: the slot can leave the index. */
    boolean idle() {
        return !hasEntry && !inFlight && !dirty;
    }
}
