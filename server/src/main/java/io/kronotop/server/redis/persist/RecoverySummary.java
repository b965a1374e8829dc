package io.kronotop.server.redis.persist;

/**
 * What {@link ShardPersistence#recover} found.
 *
 * @param entries        volume entries read
 * @param strings        string keys delivered
 * @param hashes         hashes delivered
 * @param hashFields     hash fields delivered
 * @param expiredKeys    keys dropped (and deleted from the volume) because their expiry had passed
 * @param supersededEntries entries deleted because a newer record of the same key won (left by a crash between
 *                       writes of a type change, or by a write whose outcome was unknown)
 * @param unreadableEntries entries that are not valid stash records (left in place, logged)
 * @param nextSequence   the write sequence the shard continues from
 */
public record RecoverySummary(long entries, long strings, long hashes, long hashFields, long expiredKeys,
                              long supersededEntries, long unreadableEntries, long nextSequence) {
}
