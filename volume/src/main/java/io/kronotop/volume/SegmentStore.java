package io.kronotop.volume;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.segment.VerifyReport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes half of a volume: an append-only store of entries in fixed-size segment files. Knows nothing of keys or
 * metadata; callers keep the {@link EntryLocation}s (the metadata layer stores them in the metastore).
 *
 * <p>Contract (checked by {@code SegmentStoreContract} for every implementation):
 * <ul>
 *   <li>{@link #append} completes only after the entry's bytes are durable; a completed entry survives a crash
 *       and reads back identical, a failed one may or may not exist.</li>
 *   <li>Appends completing in order have increasing locations within a segment; an entry is never split across
 *       segments; when it does not fit, a new segment is started.</li>
 *   <li>{@link #read} returns the payload as a zero-copy slice after checking its CRC32C, or throws
 *       {@link CorruptSegmentException} naming the file and offset.</li>
 *   <li>After reopen, every completed append is readable at its location, and new appends go after them.</li>
 * </ul>
 * Thread safety: all methods may be called from any thread.
 */
public interface SegmentStore extends AutoCloseable {
    /** The volume's name, e.g. {@code bucket-shard-3}. */
    String name();

    /**
     * Appends one entry. Never blocks on I/O: the bytes are copied and synced on the flusher thread.
     *
     * @param prefix  8-byte id of the entry's owner (a bucket, the stash)
     * @param payload read until the future completes; keep it valid and unchanged until then
     * @return the entry's location, once durable; fails with {@link IllegalArgumentException} when the payload is
     *     too large, {@link IllegalStateException} when the store is closed, or the I/O error that stopped it
     */
    CompletableFuture<EntryLocation> append(long prefix, MemorySegment payload);

    /** The payload at {@code location}, zero-copy; valid until the store is closed. */
    MemorySegment read(EntryLocation location) throws CorruptSegmentException;

    /** Accounts the entry at {@code location} as garbage (deleted or replaced); in memory for now. */
    void markGarbage(EntryLocation location);

    /** Accounting of every segment, by ascending id. */
    List<SegmentStats> stats();

    /** Checks every segment's header and every entry's CRC32C up to the end of durable data. */
    VerifyReport verify();

    /** Writes and syncs what is queued, then releases files and mappings. */
    @Override
    void close() throws IOException;
}
