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

    /**
     * A copy of entry {@code id} made by vacuum: its key is repointed only if it still points at {@code from}, so a
     * concurrent update or delete wins and the copy becomes garbage.
     */
    final class Relocate implements PendingOp {
        final long prefix;
        final Versionstamp id;
        final EntryLocation from;
        boolean moved;

        Relocate(long prefix, Versionstamp id, EntryLocation from) {
            this.prefix = prefix;
            this.id = id;
            this.from = from;
        }
    }

    /** Bytes whose metadata goes into the caller's transaction: the batch commit leaves them alone. */
    enum Joined implements PendingOp {
        INSTANCE
    }
}
