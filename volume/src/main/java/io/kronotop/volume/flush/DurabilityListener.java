package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;

import java.util.List;

/**
 * Told when a batch is durable, on the flusher thread, after the sync and before the appends' futures complete.
 * The metadata commit of a batch (one metastore transaction) chains here. Must not block for long: the next
 * batch waits.
 */
@FunctionalInterface
public interface DurabilityListener {
    DurabilityListener NONE = batch -> {
    };

    /** {@code batch}: the locations of the entries just made durable, in append order. */
    void onDurable(List<EntryLocation> batch);
}
