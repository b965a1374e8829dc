package io.kronotop.volume;

import com.apple.foundationdb.tuple.Versionstamp;

/**
 * What the metadata layer attaches to an append (see {@code FileSegmentStore.append(prefix, payload, attachment)}),
 * for the {@link BatchCommitter} to record once the bytes are durable. Fields are written by the committing thread
 * and read after the append's future completes (which orders them).
 */
sealed interface PendingOp {
    /** A new entry, committed in the batch's transaction; gets its versionstamp after the commit. */
    final class Append implements PendingOp {
        final long prefix;
        int userVersion;
        Versionstamp id;

        Append(long prefix) {
            this.prefix = prefix;
        }
    }

    /** New bytes for entry {@code id}: its key is repointed in the batch's transaction. */
    final class Update implements PendingOp {
        final long prefix;
        final Versionstamp id;
        EntryLocation previous;

        Update(long prefix, Versionstamp id) {
            this.prefix = prefix;
            this.id = id;
        }
    }

    /** Bytes whose metadata goes into the caller's transaction: the batch commit leaves them alone. */
    enum Joined implements PendingOp {
        INSTANCE
    }
}
