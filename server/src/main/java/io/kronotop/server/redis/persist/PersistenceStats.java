package io.kronotop.server.redis.persist;

/**
 * A snapshot of one shard's persistence state, for INFO.
 *
 * @param keys           keys with at least one entry or pending operation
 * @param entries        packs the shard's log holds (volume entries or staged), live or waiting to be deleted
 * @param dirtySlots     slots with a change not yet handed to the volume
 * @param inFlight       slots in the flushes under way
 * @param backlogBytes   record bytes waiting or in flight
 * @param failedWrites   packs whose write failed since start
 * @param failingSlots   slots whose last operation failed, waiting to be tried again (writes are refused meanwhile)
 * @param stagedPacks    packs staged in the metastore, not yet moved into the volume
 * @param stagedBytes    their bytes
 * @param patches        STRING_PATCH records written since start (strings changed in place, written in part)
 * @param patchedWhole   patched strings written whole by the cleaner since start
 * @param flushes        flushes settled since start
 * @param flushMicros    their time in all, each from its start (taking the queued slots) to its last slot settled
 */
public record PersistenceStats(long keys, long entries, long dirtySlots, long inFlight, long backlogBytes,
                               long failedWrites, long failingSlots, long stagedPacks, long stagedBytes,
                               long patches, long patchedWhole, long flushes, long flushMicros) {
}
