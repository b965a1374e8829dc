package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;

/**
 * One committed pack of a shard ({@link StashPack}) as the shard's log keeps it: its volume entry id, its size, and
 * how many of its records are still the newest durable record of their slot. A pack none of whose records is live
 * is garbage, deleted once every older pack is gone ({@link PackLog}). Owner reactor thread only.
 */
final class Pack {
    final Versionstamp id;
    final long bytes;
    long live;

    Pack(Versionstamp id, long bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    @Override
    public String toString() {
        return "Pack[" + id + ", " + bytes + " bytes, " + live + " live]";
    }
}
