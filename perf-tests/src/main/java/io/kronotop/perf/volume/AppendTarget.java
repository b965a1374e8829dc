package io.kronotop.perf.volume;

import java.lang.foreign.MemorySegment;

/**
 * What one measured run appends to: {@link #append} returns only once the entry is durable (and, for the volume,
 * its metadata committed), so the time around it is the acknowledgement latency. Called by many threads at once.
 */
interface AppendTarget extends AutoCloseable {
    /** Appends {@code payload} (read-only, shared by every thread) and waits for its acknowledgement. */
    void append(int thread, MemorySegment payload) throws Exception;

    /** Appends acknowledged so far. */
    long acknowledged();

    /** Data syncs ({@code fdatasync}) done so far. */
    long syncs();

    @Override
    void close() throws Exception;
}
