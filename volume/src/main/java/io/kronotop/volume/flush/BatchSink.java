package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** Where a {@link GroupCommitFlusher} copies entries and what it syncs. Called on the flusher thread only. */
public interface BatchSink {
    /**
     * Copies one entry into the writable segment (rolling over when it does not fit); not durable yet.
     *
     * @throws UnreadablePayloadException when the payload cannot be read; nothing was written, the sink is usable
     * @throws IOException                when writing failed; the sink must not be used any more
     */
    EntryLocation write(long prefix, MemorySegment payload) throws IOException;

    /** Makes every entry written so far durable (one {@code force} for the whole batch). */
    void sync() throws IOException;
}
