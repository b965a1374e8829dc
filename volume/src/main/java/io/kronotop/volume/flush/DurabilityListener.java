package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Told when a batch is durable, on the flusher thread, after its sync. The appends of the batch complete when the
 * returned stage completes: this is where the metadata layer commits the batch's entry keys in one metastore
 * transaction, so that a client is acknowledged only after its bytes are durable and then its metadata is
 * committed. If the stage fails (or this method throws), the batch's appends fail with that error; the bytes stay
 * on disk as garbage and the volume keeps going.
 *
 * <p>Must not block: return a stage and let the commit run elsewhere. The flusher goes on with the next batch
 * meanwhile, so stages of successive batches may complete out of order.
 */
@FunctionalInterface
public interface DurabilityListener {
    DurabilityListener NONE = batch -> CompletableFuture.completedFuture(null);

    /** {@code batch}: the locations of the entries just made durable, in append order. */
    CompletionStage<?> onDurable(List<EntryLocation> batch);

    /**
     * As {@link #onDurable(List)}, with the attachment each entry was submitted with (null where none), in the same
     * order. The flusher calls this one; by default it ignores the attachments.
     */
    default CompletionStage<?> onDurable(List<EntryLocation> batch, List<Object> attachments) {
        return onDurable(batch);
    }
}
