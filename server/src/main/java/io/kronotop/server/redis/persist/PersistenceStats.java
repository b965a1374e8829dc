package io.kronotop.server.redis.persist;

/**
 * A snapshot of one shard's persistence state, for INFO.
 *
 * @param keys           keys with at least one entry or pending operation
 * @param entries        volume entries the shard's index points at
 * @param dirtySlots     slots with a change not yet handed to the volume
 * @param inFlight       volume operations under way
 * @param backlogBytes   record bytes waiting or in flight
 * @param failedWrites   volume operations that failed since start
 * @param failingSlots   slots whose last operation failed, waiting to be tried again (writes are refused meanwhile)
 */
public record PersistenceStats(long keys, long entries, long dirtySlots, long inFlight, long backlogBytes,
                               long failedWrites, long failingSlots) {
}
