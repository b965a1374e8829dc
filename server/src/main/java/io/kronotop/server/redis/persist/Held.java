package io.kronotop.server.redis.persist;

/**
 * A live record in a pack: where it is ({@link #pack}, {@link #offset}, {@link #length}), its sequence, and its
 * neighbours among the live records of that pack ({@link Pack#liveHolds()}), so that the cleaner visits only those.
 * A {@link Slot} is the hold of its newest full record; a {@link PatchHold} that of a patch applied after it.
 * Owner reactor thread only.
 */
abstract class Held {
    /** The pack holding the record; null when there is none (for a slot: its newest durable record is a tombstone). */
    Pack pack;
    int length;
    long sequence;
    int offset;
    Held previousInPack;
    Held nextInPack;

    /** The slot whose record this is. */
    abstract Slot slot();
}
