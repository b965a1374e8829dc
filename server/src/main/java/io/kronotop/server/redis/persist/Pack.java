package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;

/**
 * One committed pack of a shard ({@link StashPack}) as the shard's log keeps it: its volume entry id, its size, and
 * the slots whose newest durable record it holds (its live records), linked through the slots themselves so that
 * the cleaner visits only those. A pack none of whose records is live is garbage, deleted once every older pack is
 * gone ({@link PackLog}). Owner reactor thread only.
 */
final class Pack {
    final Versionstamp id;
    final long bytes;
    long live;
    /** The shard's flush count when the cleaner last queued this pack's live records again; -1 if never. */
    long cleanedAt = -1;
    private Slot first;

    Pack(Versionstamp id, long bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /** {@code slot}'s newest durable record is now in this pack. */
    void link(Slot slot) {
        slot.previousInPack = null;
        slot.nextInPack = first;
        if (first != null) {
            first.previousInPack = slot;
        }
        first = slot;
        live++;
    }

    /** {@code slot}'s record in this pack is no longer live. */
    void unlink(Slot slot) {
        if (slot.previousInPack != null) {
            slot.previousInPack.nextInPack = slot.nextInPack;
        } else {
            first = slot.nextInPack;
        }
        if (slot.nextInPack != null) {
            slot.nextInPack.previousInPack = slot.previousInPack;
        }
        slot.previousInPack = null;
        slot.nextInPack = null;
        live--;
    }

    /** The slots whose newest durable record is in this pack, at this moment. */
    Slot[] liveSlots() {
        Slot[] slots = new Slot[(int) live];
        int i = 0;
        for (Slot s = first; s != null; s = s.nextInPack) {
            slots[i++] = s;
        }
        return slots;
    }

    @Override
    public String toString() {
        return "Pack[" + id + ", " + bytes + " bytes, " + live + " live]";
    }
}
