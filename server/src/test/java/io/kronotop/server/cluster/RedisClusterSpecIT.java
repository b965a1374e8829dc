package io.kronotop.server.cluster;

import io.kronotop.server.redis.SlotHash;
import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis Cluster specification subset on three members in one JVM: 6 REDIS shards routed round-robin
 * (shard i to member i % 3). redis-cli -c and Lettuce's cluster client follow MOVED; CLUSTER replies describe
 * the layout; shard statuses refuse what they must.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RedisClusterSpecIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisClusterSpecIT.class);
    private static final int SHARDS = 6;
    private static ClusterHarness harness;
    private static List<RunningServer> members;

    @BeforeAll
    static void startCluster() {
        harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=" + SHARDS,
            "cluster.bucket.shards=1", "cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=2000");
        members = List.of(harness.start(), harness.start(), harness.start());
        RunningServer a = members.getFirst();

        // before the cluster exists, no key has a home
        int slot = SlotHash.slot(bytes("early"));
        assertThat(call(a.port(), "SET", "early", "v"))
            .isEqualTo(new RespClient.Err("ERR shard id: " + shardOf(slot) + " not owned by any member yet"));

        assertThat(admin(a, "KR.ADMIN", "INITIALIZE-CLUSTER")).isEqualTo("OK");
        for (int shard = 0; shard < SHARDS; shard++) {
            assertThat(admin(a, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", Integer.toString(shard),
                id(members.get(shard % 3)))).isEqualTo("OK");
        }
        // routed but still INOPERABLE (every shard starts so): refused everywhere, even on the primary
        RunningServer owner = members.get(shardOf(slot) % 3);
        await().atMost(10, TimeUnit.SECONDS).until(() -> call(owner.port(), "GET", "early")
            .equals(new RespClient.Err("ERR shard id: " + shardOf(slot) + " is in INOPERABLE status")));
        assertThat(admin(a, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READWRITE")).isEqualTo("OK");
        for (RunningServer m : members) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> call(owner.port(), "SET", "early", "v").equals("OK")
                && call(m.port(), "CLUSTER", "INFO").toString().contains("cluster_state:ok\r\n"));
        }
    }

    @AfterAll
    static void stopCluster() {
        harness.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int shardOf(int slot) {
        return (int) ((long) slot * SHARDS / SlotHash.SLOTS);
    }

    private static String id(RunningServer member) {
        return member.server().cluster().localMemberId();
    }

    private static RunningServer ownerOf(String key) {
        return members.get(shardOf(SlotHash.slot(bytes(key))) % 3);
    }

    private static Object call(int port, String... command) {
        try (RespClient client = RespClient.connect(port)) {
            return client.call(command);
        }
    }

    private static Object admin(RunningServer member, String... command) {
        return call(member.adminPort(), command);
    }

    /** A key whose shard is primaried by {@code member}, distinct per {@code n}. */
    private static String keyOwnedBy(RunningServer member, int n) {
        for (int i = 0; ; i++) {
            String key = "key-" + n + "-" + i;
            if (ownerOf(key) == member) {
                return key;
            }
        }
    }

    @Test
    void shouldAnswerMovedWithTheSlotAndThePrimarysClientPort() {
        RunningServer a = members.get(0);
        RunningServer b = members.get(1);
        String key = keyOwnedBy(b, 1);
        int slot = SlotHash.slot(bytes(key));
        assertThat(call(a.port(), "GET", key)).isEqualTo(new RespClient.Err("MOVED " + slot + " 127.0.0.1:" + b.port()));
        assertThat(call(a.port(), "SET", key, "x")).isEqualTo(new RespClient.Err("MOVED " + slot + " 127.0.0.1:" + b.port()));
        assertThat(call(b.port(), "SET", key, "x")).isEqualTo("OK");
    }

    @Test
    void shouldFollowMovedWithRedisCliForKeysOfEveryMember() {
        for (RunningServer entry : members) {
            for (RunningServer owner : members) {
                String key = keyOwnedBy(owner, 100 + members.indexOf(entry));
                String value = "from-" + entry.port() + "-to-" + owner.port();
                assertThat(RedisCli.run(entry.port(), "-c", "SET", key, value)).isEqualTo("OK");
                for (RunningServer reader : members) {
                    assertThat(RedisCli.run(reader.port(), "-c", "GET", key)).isEqualTo(value);
                }
                assertThat(call(owner.port(), "GET", key)).isEqualTo(value);
            }
        }
    }

    /** For each slot, a hash tag that hashes to it. */
    private static String[] slotTags() {
        String[] tags = new String[SlotHash.SLOTS];
        int found = 0;
        for (int n = 0; found < SlotHash.SLOTS; n++) {
            String tag = Integer.toString(n, 36);
            int slot = SlotHash.slot(bytes(tag));
            if (tags[slot] == null) {
                tags[slot] = tag;
                found++;
            }
        }
        return tags;
    }

    /** Key {@code i}: the first 16,384 cover every slot once, the rest go round again. */
    private static String lettuceKey(String[] tags, int i) {
        return "lettuce:{" + tags[i % SlotHash.SLOTS] + "}:" + i;
    }

    @Test
    void shouldWriteAndRead100000KeysAcrossAllSlotsWithLettucesClusterClient() throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", members.get(2).port()));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            Partitions partitions = connection.getPartitions();
            assertThat(partitions.size()).isEqualTo(3);
            Set<Integer> covered = new HashSet<>();
            for (RedisClusterNode node : partitions) {
                covered.addAll(node.getSlots());
                assertThat(node.getNodeId()).isIn(id(members.get(0)), id(members.get(1)), id(members.get(2)));
            }
            assertThat(covered).hasSize(SlotHash.SLOTS);

            RedisAdvancedClusterAsyncCommands<String, String> async = connection.async();
            int total = 100_000;
            String[] tags = slotTags();
            long t0 = System.nanoTime();
            Set<Integer> slots = new HashSet<>();
            for (int start = 0; start < total; start += 2000) {
                List<RedisFuture<String>> writes = new ArrayList<>();
                for (int i = start; i < start + 2000; i++) {
                    slots.add(SlotHash.slot(bytes(lettuceKey(tags, i))));
                    writes.add(async.set(lettuceKey(tags, i), "value-" + i));
                }
                for (RedisFuture<String> w : writes) {
                    assertThat(w.get(30, TimeUnit.SECONDS)).isEqualTo("OK");
                }
            }
            assertThat(slots).hasSize(SlotHash.SLOTS);
            long t1 = System.nanoTime();
            for (int start = 0; start < total; start += 2000) {
                List<RedisFuture<String>> reads = new ArrayList<>();
                for (int i = start; i < start + 2000; i++) {
                    reads.add(async.get(lettuceKey(tags, i)));
                }
                for (int i = 0; i < reads.size(); i++) {
                    assertThat(reads.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("value-" + (start + i));
                }
            }
            LOG.info("100,000 SETs in {} ms, 100,000 GETs in {} ms", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        } finally {
            client.shutdown();
        }
        // the keys are spread over the three members, each holding only keys of its own slots
        long sum = 0;
        for (RunningServer m : members) {
            List<Object> keys = asList(call(m.port(), "KEYS", "lettuce:*"));
            assertThat(keys).isNotEmpty();
            for (Object k : keys) {
                assertThat(ownerOf((String) k)).isSameAs(m);
            }
            sum += keys.size();
        }
        assertThat(sum).isEqualTo(100_000);
    }

    @Test
    void shouldDescribeTheLayoutWithClusterSubcommands() {
        RunningServer a = members.get(0);
        List<Object> slots = asList(call(a.port(), "CLUSTER", "SLOTS"));
        assertThat(slots).hasSize(SHARDS);
        int expectedFirst = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            List<Object> range = asList(slots.get(shard));
            assertThat(range.get(0)).isEqualTo((long) expectedFirst);
            expectedFirst = (int) ((long) (shard + 1) * SlotHash.SLOTS / SHARDS);
            assertThat(range.get(1)).isEqualTo((long) expectedFirst - 1);
            RunningServer owner = members.get(shard % 3);
            assertThat(asList(range.get(2))).containsExactly("127.0.0.1", (long) owner.port(), id(owner), List.of());
        }

        String nodes = (String) call(a.port(), "CLUSTER", "NODES");
        String[] lines = nodes.split("\n");
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            String[] f = line.split(" ");
            RunningServer m = members.stream().filter(x -> id(x).equals(f[0])).findFirst().orElseThrow();
            assertThat(f[1]).isEqualTo("127.0.0.1:" + m.port() + "@" + m.adminPort());
            assertThat(f[2]).isEqualTo(m == a ? "myself,master" : "master");
            assertThat(f[3]).isEqualTo("-");
            assertThat(f[7]).isEqualTo("connected");
            int index = members.indexOf(m);
            List<String> expected = new ArrayList<>();
            for (int shard = index; shard < SHARDS; shard += 3) {
                expected.add((shard * SlotHash.SLOTS / SHARDS) + "-" + ((shard + 1) * SlotHash.SLOTS / SHARDS - 1));
            }
            assertThat(List.of(f).subList(8, f.length)).isEqualTo(expected);
        }

        assertThat(call(members.get(1).port(), "CLUSTER", "MYID")).isEqualTo(id(members.get(1)));
        assertThat(call(a.port(), "CLUSTER", "KEYSLOT", "{user1000}.following")).isEqualTo(3443L);
        assertThat(call(a.port(), "CLUSTER", "KEYSLOT", "foo")).isEqualTo(12182L);
        String info = (String) call(a.port(), "CLUSTER", "INFO");
        assertThat(info).contains("cluster_state:ok\r\n", "cluster_slots_assigned:16384\r\n",
            "cluster_slots_ok:16384\r\n", "cluster_known_nodes:3\r\n", "cluster_size:3\r\n");
        assertThat((String) call(a.port(), "INFO", "cluster")).startsWith("# Cluster\r\ncluster_enabled:1\r\n");

        try (RespClient client = RespClient.connect(a.port())) {
            client.call("HELLO", "3");
            List<Object> shards = asList(client.call("CLUSTER", "SHARDS"));
            assertThat(shards).hasSize(3);
            for (Object shard : shards) {
                Map<Object, Object> s = asMap(shard);
                assertThat(asList(s.get("slots"))).hasSize(4);
                Map<Object, Object> node = asMap(asList(s.get("nodes")).getFirst());
                assertThat(node.keySet()).containsExactly("id", "port", "ip", "endpoint", "role",
                    "replication-offset", "health");
                assertThat(node).containsEntry("role", "master").containsEntry("health", "online");
            }
        }

        String key = keyOwnedBy(a, 9);
        int slot = SlotHash.slot(bytes(key));
        assertThat(call(a.port(), "SET", key, "1")).isEqualTo("OK");
        assertThat(call(a.port(), "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo(1L);
        assertThat(call(a.port(), "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "10")).isEqualTo(List.of(key));
        assertThat(call(a.port(), "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "0")).isEqualTo(List.of());
        for (String mode : List.of("READONLY", "READWRITE", "ASKING")) {
            assertThat(call(a.port(), mode)).isEqualTo("OK");
        }
    }

    @Test
    void shouldRefuseWritesOnReadOnlyAndEverythingOnInoperableShards() {
        RunningServer a = members.get(0);
        RunningServer b = members.get(1);
        String key = keyOwnedBy(a, 3);
        int shard = shardOf(SlotHash.slot(bytes(key)));
        assertThat(call(a.port(), "SET", key, "before")).isEqualTo("OK");
        try {
            assertThat(admin(b, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", Integer.toString(shard), "READONLY"))
                .isEqualTo("OK");
            RespClient.Err notReadWrite = new RespClient.Err("ERR shard id: " + shard + " is not in READWRITE status");
            await().atMost(10, TimeUnit.SECONDS).until(() -> call(a.port(), "SET", key, "after").equals(notReadWrite));
            assertThat(call(a.port(), "DEL", key)).isEqualTo(notReadWrite);
            assertThat(call(a.port(), "GET", key)).isEqualTo("before");
            assertThat(call(a.port(), "STRLEN", key)).isEqualTo(6L);

            assertThat(admin(b, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", Integer.toString(shard), "INOPERABLE"))
                .isEqualTo("OK");
            RespClient.Err inoperable = new RespClient.Err("ERR shard id: " + shard + " is in INOPERABLE status");
            for (RunningServer m : members) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> call(m.port(), "GET", key).equals(inoperable));
                assertThat(call(m.port(), "SET", key, "x")).isEqualTo(inoperable);
            }
            assertThat((String) call(a.port(), "CLUSTER", "INFO")).contains("cluster_state:fail\r\n");
        } finally {
            assertThat(admin(b, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", Integer.toString(shard), "READWRITE"))
                .isEqualTo("OK");
            await().atMost(10, TimeUnit.SECONDS).until(() -> "before".equals(call(a.port(), "GET", key)));
        }
    }
}
