package io.kronotop.server.redis.persist;

/**
 * A durable STRING_PATCH record of a string slot, live as long as the slot's full record before it is: the slot's
 * value is that record with its patches applied in order. Owner reactor thread only.
 */
final class PatchHold extends Held {
    private final Slot slot;

    PatchHold(Slot slot, Pack pack, int offset, int length, long sequence) {
        this.slot = slot;
        this.pack = pack;
        this.offset = offset;
        this.length = length;
        this.sequence = sequence;
    }

    @Override
    Slot slot() {
        return slot;
    }
}
