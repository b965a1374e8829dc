package io.kronotop.server.cluster;

import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.config.KronotopConfig;

import java.util.Locale;

/**
 * The cluster's settings, read once at start.
 *
 * @param name                cluster name; the metastore root is {@code ("kronotop", name)}
 * @param redisShards         REDIS shards created by INITIALIZE-CLUSTER ({@code cluster.redis.shards}, 0 resolved to
 *                            one per reactor)
 * @param bucketShards        BUCKET shards created by INITIALIZE-CLUSTER
 * @param autoBootstrap       initialise a one-member cluster at start when none exists
 * @param heartbeatIntervalMs period of the heartbeat and of the failure detector
 * @param silentPeriodMs      how long a RUNNING member's heartbeat may stand still before it is reported silent
 */
public record ClusterConfig(String name, int redisShards, int bucketShards, boolean autoBootstrap,
                            long heartbeatIntervalMs, long silentPeriodMs) {

    public static ClusterConfig from(KronotopConfig config, int reactors) {
        String bootstrap = config.get(ConfigKeys.CLUSTER_BOOTSTRAP).trim().toLowerCase(Locale.ROOT);
        if (!bootstrap.equals("auto") && !bootstrap.equals("manual")) {
            throw new ConfigException("cluster.bootstrap must be auto or manual: " + bootstrap);
        }
        long interval = config.getLong(ConfigKeys.CLUSTER_HEARTBEAT_INTERVAL_MS, 10, 600_000);
        long silent = config.getLong(ConfigKeys.CLUSTER_SILENT_PERIOD_MS, 20, 3_600_000);
        if (silent <= interval) {
            throw new ConfigException("cluster.silent.period.ms (" + silent
                + ") must be longer than cluster.heartbeat.interval.ms (" + interval + ")");
        }
        return new ClusterConfig(config.get(ConfigKeys.CLUSTER_NAME),
            redisShards(config, reactors), config.getInt(ConfigKeys.CLUSTER_BUCKET_SHARDS, 0, 16384),
            bootstrap.equals("auto"), interval, silent);
    }

    /**
     * {@code cluster.redis.shards}, with 0 (the default) resolved to one per reactor of this member: each reactor
     * then owns one shard, whose volume syncs once per flush cycle, instead of several shards each syncing its own.
     */
    public static int redisShards(KronotopConfig config, int reactors) {
        int shards = config.getInt(ConfigKeys.CLUSTER_REDIS_SHARDS, 0, 16384);
        return shards == 0 ? Math.max(1, reactors) : shards;
    }
}
