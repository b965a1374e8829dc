package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;

/**
 * One committed pack of a shard ({@link StashPack}) as the shard's log keeps it: its id (its place in the log), where
 * it is (a volume entry, or staged in the metastore with its bytes kept here until it is moved into the volume), its
 * size, and its live records (slots' newest durable records, and the patches after them), linked through the records'
 * holds ({@link Held}) so that the cleaner visits only those. A pack none of whose records is live is garbage,
 * deleted once every older pack is gone ({@link PackLog}). Owner reactor thread only.
 */
final class Pack {
    /** The versionstamp of the commit that made the pack durable: its place in the log. */
    final Versionstamp id;
    final long bytes;
    /** The pack's volume entry; null while it is staged. */
    Versionstamp entry;
    /** A staged pack's bytes (its records start at the same offsets as in the volume copy); null once moved. */
    byte[] staged;
    /** A staged pack being moved into the volume: it is not deleted meanwhile. */
    boolean moving;
    /** Being deleted, or deleted (from the log, and from the volume or the stage): it is not moved. */
    boolean deleting;
    long live;
    /** The shard's flush count when the cleaner last queued this pack's live records again; -1 if never. */
    long cleanedAt = -1;
    private Held first;

    /** A pack in the volume, entry {@code entry}, whose place in the log is {@code id}. */
    Pack(Versionstamp id, Versionstamp entry, long bytes) {
        this.id = id;
        this.entry = entry;
        this.bytes = bytes;
    }

    /** A pack staged in the metastore under {@code id}. */
    static Pack staged(Versionstamp id, byte[] bytes) {
        Pack pack = new Pack(id, null, bytes.length);
        pack.staged = bytes;
        return pack;
    }

    /** A live record ({@code slot}: a slot's newest durable full record, or a patch after it) is in this pack. */
    void link(Held slot) {
        slot.previousInPack = null;
        slot.nextInPack = first;
        if (first != null) {
            first.previousInPack = slot;
        }
        first = slot;
        live++;
    }

    /** {@code slot}'s record in this pack is no longer live. */
    void unlink(Held slot) {
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

    /** The live records in this pack, at this moment. */
    Held[] liveHolds() {
        Held[] slots = new Held[(int) live];
        int i = 0;
        for (Held s = first; s != null; s = s.nextInPack) {
            slots[i++] = s;
        }
        return slots;
    }

    @Override
    public String toString() {
        return "Pack[" + id + (staged != null ? ", staged" : entry.equals(id) ? "" : ", entry " + entry) + ", " + bytes
            + " bytes, " + live + " live"
            + (cleanedAt >= 0 ? ", cleaned at flush " + cleanedAt : "") + (moving ? ", moving" : "")
            + (deleting ? ", deleting" : "") + "]";
    }
}
