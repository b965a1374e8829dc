package io.kronotop.server.redis.persist;

/**
 * What {@link ShardPersistence#recover} found.
 *
 * @param entries        volume entries read (packs, or bare records of earlier releases)
 * @param strings        string keys delivered
 * @param hashes         hashes delivered
 * @param hashFields     hash fields delivered
 * @param expiredKeys    keys dropped because their expiry had passed (their records are dead)
 * @param supersededEntries records not kept: overwritten, deleted by a tombstone, tombstones themselves, and the
 *                       records of expired keys; they go with their packs, which the log deletes oldest first
 * @param unreadableEntries entries that are not valid stash records (left in place, logged)
 * @param nextSequence   the write sequence the shard continues from
 */
public record RecoverySummary(long entries, long strings, long hashes, long hashFields, long expiredKeys,
                              long supersededEntries, long unreadableEntries, long nextSequence) {
}
