package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Where a {@link GroupCommitFlusher} copies entries and what it syncs. {@link #write} and {@link #flush} run on the
 * flusher thread; {@link #sync} on the flusher's sync thread, possibly while the flusher thread writes later entries.
 */
public interface BatchSink {
    /**
     * Copies one entry into the writable segment (rolling over when it does not fit); not durable yet.
     *
     * @throws UnreadablePayloadException when the payload cannot be read; nothing was written, the sink is usable
     * @throws IOException                when writing failed; the sink must not be used any more
     */
    EntryLocation write(long prefix, MemorySegment payload) throws IOException;

    /**
     * Hands every entry written so far to the file (no sync) and returns a sync point that covers them, for
     * {@link #sync(Object)}. Flusher thread.
     */
    Object flush() throws IOException;

    /**
     * Makes every entry up to {@code syncPoint} (from {@link #flush()}) durable, with one {@code force}. Sync points
     * are passed in the order {@link #flush()} returned them; a later one covers the earlier ones.
     */
    void sync(Object syncPoint) throws IOException;
}
