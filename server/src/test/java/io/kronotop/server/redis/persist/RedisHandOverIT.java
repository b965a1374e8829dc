package io.kronotop.server.redis.persist;

import io.kronotop.server.redis.SlotHash;
import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A REDIS shard's primary moving between two members. The old primary flushes, closes and drops the shard. Segment
 * files are local and not replicated, while a volume's metadata lives in the shared metastore under the volume's
 * name: the new primary finds entries whose bytes it does not have, refuses to load and answers LOADING. The data
 * stays on the old member's disk and comes back when the shard moves back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RedisHandOverIT {
    private static String id(RunningServer member) {
        return member.server().cluster().localMemberId();
    }

    private static Object admin(RunningServer member, String... command) {
        try (RespClient admin = RespClient.connect(member.adminPort())) {
            return admin.call(command);
        }
    }

    private static Object call(RunningServer member, String... command) {
        try (RespClient c = RespClient.connect(member.port())) {
            return c.call(command);
        }
    }

    private static String persistence(RunningServer member) {
        return (String) call(member, "INFO", "persistence");
    }

    /** Keys of shard {@code shard} of 2: slots below 8192 are shard 0. */
    private static List<String> keysOfShard(int shard, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "key:" + i;
            if (SlotHash.slot(key.getBytes(StandardCharsets.UTF_8)) * 2 / SlotHash.SLOTS == shard) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Moves REDIS shard 1 to {@code to}, the documented manual way (read-only, standby, primary, read-write). */
    private static void move(RunningServer from, RunningServer to) {
        assertThat(admin(from, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "1", "READONLY")).isEqualTo("OK");
        assertThat(admin(from, "KR.ADMIN", "ROUTE", "SET", "STANDBY", "REDIS", "1", id(to))).isEqualTo("OK");
        assertThat(admin(from, "VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "READONLY")).isEqualTo("OK");
        assertThat(admin(from, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", "1", id(to))).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(20)).until(() -> !persistence(from).contains("stash_shards_persisted:2"));
        assertThat(admin(to, "VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "READWRITE")).isEqualTo("OK");
        assertThat(admin(from, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "1", "READWRITE")).isEqualTo("OK");
    }

    /** Initialises the cluster from {@code a} and makes it the primary of both REDIS shards, taking writes. */
    private static void primaryOfBoth(RunningServer a) {
        assertThat(admin(a, "KR.ADMIN", "INITIALIZE-CLUSTER")).isEqualTo("OK");
        assertThat(admin(a, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", "*", id(a))).isEqualTo("OK");
        assertThat(admin(a, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READWRITE")).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(20)).until(() -> persistence(a).contains("stash_shards_persisted:2"));
    }

    @Test
    void shouldDropOnTheOldPrimaryAnswerLoadingOnANewOneWithoutTheSegmentsAndReloadWhenMovedBack() {
        // staging off: every pack goes to the volume's segments, which b does not have
        try (ClusterHarness harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=2",
            "cluster.bucket.shards=1", "cluster.heartbeat.interval.ms=100", "stash.durability=sync",
            "stash.stage.max_bytes=0")) {
            RunningServer a = harness.start();
            RunningServer b = harness.start();
            primaryOfBoth(a);

            List<String> zero = keysOfShard(0, 5);
            List<String> one = keysOfShard(1, 5);
            for (String key : zero) {
                assertThat(call(a, "SET", key, "a0")).isEqualTo("OK");
            }
            for (String key : one) {
                assertThat(call(a, "SET", key, "a1")).isEqualTo("OK");
            }

            // shard 1 moves to b: a flushes, closes and drops it. b's volume of that name shares the volume's metadata
            // (in the metastore) but not a's segment files: b cannot load it and the shard answers LOADING there.
            move(a, b);
            await().atMost(Duration.ofSeconds(20)).until(() -> persistence(a).contains("stash_shards_persisted:1"));
            assertThat(call(a, "DBSIZE")).as("a dropped shard 1 from memory").isEqualTo(5L);
            await().atMost(Duration.ofSeconds(20)).until(() -> persistence(b).contains("loading:1"));
            assertThat(call(b, "GET", one.getFirst())).isEqualTo(new RespClient.Err(
                "LOADING Redis is loading the dataset in memory"));
            assertThat(call(b, "SET", one.getFirst(), "b1")).isEqualTo(new RespClient.Err(
                "LOADING Redis is loading the dataset in memory"));

            // and back: a loads shard 1 from its own volume, as it was at the hand-over
            move(b, a);
            await().atMost(Duration.ofSeconds(20)).until(() -> persistence(a).contains("stash_shards_persisted:2")
                && persistence(b).contains("loading:0"));
            assertThat(call(a, "DBSIZE")).isEqualTo(10L);
            for (String key : one) {
                assertThat(call(a, "GET", key)).as(key).isEqualTo("a1");
            }
            assertThat(call(b, "DBSIZE")).isEqualTo(0L);
        }
    }

    /**
     * Staged packs live in the volume's metadata, in the metastore: a shard whose packs are all staged (the move
     * timer out of reach) loads on a member that lacks the old primary's segment files, and a write made there comes
     * back with the shard.
     */
    @Test
    void shouldCarryStagedPacksToTheNewPrimaryAndBack() {
        try (ClusterHarness harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=2",
            "cluster.bucket.shards=1", "cluster.heartbeat.interval.ms=100", "stash.durability=sync",
            "stash.stage.move_after.ms=3600000")) {
            RunningServer a = harness.start();
            RunningServer b = harness.start();
            primaryOfBoth(a);

            List<String> one = keysOfShard(1, 5);
            for (String key : one) {
                assertThat(call(a, "SET", key, "a1")).isEqualTo("OK");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> persistence(a).contains("stash_staged_packs:5"));

            move(a, b);
            await().atMost(Duration.ofSeconds(20)).until(() -> persistence(b).contains("stash_shards_persisted:1")
                && persistence(b).contains("loading:0"));
            for (String key : one) {
                assertThat(call(b, "GET", key)).as(key).isEqualTo("a1");
            }
            assertThat(call(b, "SET", one.getFirst(), "b1")).isEqualTo("OK");

            move(b, a);
            await().atMost(Duration.ofSeconds(20)).until(() -> persistence(a).contains("stash_shards_persisted:2")
                && persistence(a).contains("loading:0"));
            assertThat(call(a, "GET", one.getFirst())).isEqualTo("b1");
            assertThat(call(a, "GET", one.getLast())).isEqualTo("a1");
        }
    }
}
