package io.kronotop.server.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing of shard kinds, statuses and ids as KR.ADMIN accepts them. */
class ShardKindTest {
    @Test
    void shouldAcceptStashAsTheRedisKindInAnyCase() {
        assertThat(ShardKind.parse("stash")).isEqualTo(ShardKind.REDIS);
        assertThat(ShardKind.parse("Redis")).isEqualTo(ShardKind.REDIS);
        assertThat(ShardKind.parse("Bucket")).isEqualTo(ShardKind.BUCKET);
        assertThat(ShardKind.parse("queue")).isNull();
        assertThat(ShardKind.REDIS.volumeName(3)).isEqualTo("redis-shard-3");
        assertThat(ShardKind.BUCKET.volumeName(0)).isEqualTo("bucket-shard-0");
    }

    @Test
    void shouldParseStatusesAndShardIds() {
        assertThat(ShardStatus.parse("readonly")).isEqualTo(ShardStatus.READONLY);
        assertThat(ShardStatus.parse("open")).isNull();
        assertThat(MemberStatus.parse("Stopped")).isEqualTo(MemberStatus.STOPPED);
        assertThat(ClusterAdmin.parseShardId("12")).isEqualTo(12);
        assertThat(ClusterAdmin.parseShardId("-1")).isEqualTo(-1);
        assertThat(ClusterAdmin.parseShardId("")).isEqualTo(-1);
        assertThat(ClusterAdmin.parseShardId("9999999999")).isEqualTo(-1);
    }
}
