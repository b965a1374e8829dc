package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLUSTER replies compared with Debian's {@code redis-server --cluster-enabled yes} holding every slot: one
 * member owning every shard must answer in the same shape (types, nesting, map keys, fields) in RESP2 and RESP3,
 * and with the same values where they do not name the node (slot ranges, KEYSLOT, errors).
 */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCommandsOracleIT {
    private static RedisOracle redis;

    @BeforeAll
    static void startRedisCluster() {
        redis = RedisOracle.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
        assertThat(call(redis.port(), 2, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("OK");
        await().atMost(20, TimeUnit.SECONDS).until(() ->
            call(redis.port(), 2, "CLUSTER", "INFO").toString().contains("cluster_state:ok"));
    }

    @AfterAll
    static void stopRedisCluster() {
        redis.close();
    }

    private static Object call(int port, int protocol, String... command) {
        try (RespClient client = RespClient.connect(port)) {
            if (protocol == 3) {
                client.call("HELLO", "3");
            }
            return client.call(command);
        }
    }

    /** The reply with every string and number replaced by its type; map keys kept. */
    private static Object shape(Object reply) {
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(e -> out.add(shape(e)));
            return out;
        }
        if (reply instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, shape(v)));
            return out;
        }
        return reply == null ? "null" : reply.getClass().getSimpleName();
    }

    @Test
    void shouldAnswerSlotsAndShardsInRedisShape(RunningServer server) {
        for (int protocol : new int[] {2, 3}) {
            for (String sub : List.of("SLOTS", "SHARDS")) {
                Object ours = call(server.port(), protocol, "CLUSTER", sub);
                Object theirs = call(redis.port(), protocol, "CLUSTER", sub);
                assertThat(shape(ours)).as("CLUSTER %s in RESP%d", sub, protocol).isEqualTo(shape(theirs));
            }
            List<?> slots = (List<?>) call(server.port(), protocol, "CLUSTER", "SLOTS");
            assertThat(((List<?>) slots.getFirst()).subList(0, 2)).isEqualTo(List.of(0L, 16383L));
        }
    }

    @Test
    void shouldAnswerNodesAndInfoWithRedisFields(RunningServer server) {
        for (int protocol : new int[] {2, 3}) {
            String ours = (String) call(server.port(), protocol, "CLUSTER", "NODES");
            String theirs = (String) call(redis.port(), protocol, "CLUSTER", "NODES");
            String[] o = ours.split(" ");
            String[] t = theirs.split(" ");
            assertThat(o).hasSameSizeAs(t);
            assertThat(o[0]).hasSize(40).isEqualTo(call(server.port(), protocol, "CLUSTER", "MYID"));
            assertThat(o[1]).matches("127\\.0\\.0\\.1:" + server.port() + "@" + server.adminPort());
            assertThat(o[2]).isEqualTo(t[2]);
            assertThat(o[8]).isEqualTo(t[8]);
            assertThat(ours).endsWith("\n");

            assertThat(keys((String) call(server.port(), protocol, "CLUSTER", "INFO")))
                .isEqualTo(keys((String) call(redis.port(), protocol, "CLUSTER", "INFO")));
        }
        assertThat((String) call(server.port(), 2, "CLUSTER", "INFO")).contains("cluster_state:ok\r\n",
            "cluster_slots_assigned:16384\r\n", "cluster_known_nodes:1\r\n", "cluster_size:1\r\n");
        assertThat((String) call(server.port(), 2, "INFO", "cluster")).contains("cluster_enabled:1\r\n");
        assertThat(call(server.port(), 2, "CONFIG", "GET", "cluster-enabled"))
            .isEqualTo(call(redis.port(), 2, "CONFIG", "GET", "cluster-enabled"));
    }

    private static TreeSet<String> keys(String info) {
        TreeSet<String> keys = new TreeSet<>();
        for (String line : info.split("\r\n")) {
            keys.add(line.substring(0, line.indexOf(':')));
        }
        return keys;
    }

    @Test
    void shouldAnswerKeyslotCountsModesAndErrorsAsRedisDoes(RunningServer server) {
        List<String[]> commands = List.of(
            new String[] {"CLUSTER", "KEYSLOT", "foo"},
            new String[] {"CLUSTER", "KEYSLOT", "{user1000}.following"},
            new String[] {"CLUSTER", "KEYSLOT", "{}x"},
            new String[] {"CLUSTER", "KEYSLOT", ""},
            new String[] {"CLUSTER", "KEYSLOT"},
            new String[] {"CLUSTER", "COUNTKEYSINSLOT", "16384"},
            new String[] {"CLUSTER", "COUNTKEYSINSLOT", "-1"},
            new String[] {"CLUSTER", "COUNTKEYSINSLOT", "abc"},
            new String[] {"CLUSTER", "COUNTKEYSINSLOT", "7"},
            new String[] {"CLUSTER", "GETKEYSINSLOT", "7", "-1"},
            new String[] {"CLUSTER", "GETKEYSINSLOT", "16384", "1"},
            new String[] {"CLUSTER", "GETKEYSINSLOT", "x", "1"},
            new String[] {"CLUSTER", "GETKEYSINSLOT", "7", "x"},
            new String[] {"CLUSTER", "GETKEYSINSLOT", "7", "5"},
            new String[] {"CLUSTER", "NOSUCH"},
            new String[] {"READONLY"}, new String[] {"READWRITE"}, new String[] {"ASKING"});
        for (String[] command : commands) {
            assertThat(call(server.port(), 2, command)).as(String.join(" ", command))
                .isEqualTo(call(redis.port(), 2, command));
        }
        // keys in a slot, on both
        for (int port : new int[] {server.port(), redis.port()}) {
            for (String key : List.of("{t}a", "{t}b", "{t}c")) {
                assertThat(call(port, 2, "SET", key, "v")).isEqualTo("OK");
            }
        }
        String slot = call(redis.port(), 2, "CLUSTER", "KEYSLOT", "{t}").toString();
        assertThat(call(server.port(), 2, "CLUSTER", "COUNTKEYSINSLOT", slot))
            .isEqualTo(call(redis.port(), 2, "CLUSTER", "COUNTKEYSINSLOT", slot)).isEqualTo(3L);
        assertThat(new TreeSet<>((List<?>) call(server.port(), 2, "CLUSTER", "GETKEYSINSLOT", slot, "10")))
            .isEqualTo(new TreeSet<>((List<?>) call(redis.port(), 2, "CLUSTER", "GETKEYSINSLOT", slot, "10")));
        assertThat((List<?>) call(server.port(), 2, "CLUSTER", "GETKEYSINSLOT", slot, "2")).hasSize(2);
    }
}
