package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the oracle cannot show: the cluster rules (CROSSSLOT), keys spread over every shard and reactor, reply
 * order under pipelining, active expiry, the memory bound, INFO, DUMP/RESTORE between our servers.
 */
@RealServer(config = {"cluster.redis.shards=8"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyspaceIT {
    private static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

    @Test
    void shouldReplyCrossSlotWhenKeysHashToDifferentSlots(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            for (String[] command : new String[][] {{"MGET", "a", "b"}, {"MSET", "a", "1", "b", "2"},
                {"MSETNX", "a", "1", "b", "2"}, {"DEL", "a", "b"}, {"EXISTS", "a", "b"}, {"UNLINK", "a", "b"},
                {"TOUCH", "a", "b"}, {"RENAME", "a", "b"}, {"RENAMENX", "a", "b"}, {"COPY", "a", "b"},
                {"LCS", "a", "b"}, {"WATCH", "a", "b"}}) {
                assertThat(c.call(command)).as(String.join(" ", command)).isEqualTo(new RespClient.Err(CROSSSLOT));
            }
            assertThat(c.call("MSET", "{a}x", "1", "{a}y", "2")).isEqualTo("OK");
            assertThat(c.call("MGET", "{a}x", "{a}y")).isEqualTo(List.of("1", "2"));
            assertThat(c.call("EXISTS", "a", "b")).isEqualTo(new RespClient.Err(CROSSSLOT));
            assertThat(c.call("DBSIZE")).isEqualTo(2L);
        }
    }

    @Test
    void shouldAbortExecWhenQueuedCommandsSpanSlots(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("SET", "a", "1")).isEqualTo("QUEUED");
            assertThat(c.call("SET", "b", "1")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isEqualTo(new RespClient.Err(CROSSSLOT));
            assertThat(c.call("EXISTS", "a")).isEqualTo(0L);

            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("MGET", "a", "b")).isEqualTo(new RespClient.Err(CROSSSLOT));
            assertThat(c.call("SET", "a", "1")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isEqualTo(
                new RespClient.Err("EXECABORT Transaction discarded because of previous errors."));
            assertThat(c.call("EXISTS", "a")).isEqualTo(0L);
        }
    }

    @Test
    void shouldAbortExecWhenAWatchedKeyChangedOnAnotherConnection(RunningServer server) {
        try (RespClient a = RespClient.connect(server.port()); RespClient b = RespClient.connect(server.port())) {
            a.call("SET", "{w}k", "1");
            assertThat(a.call("WATCH", "{w}k", "{w}j")).isEqualTo("OK");
            assertThat(b.call("INCR", "{w}k")).isEqualTo(2L);
            assertThat(a.call("MULTI")).isEqualTo("OK");
            assertThat(a.call("SET", "{w}k", "100")).isEqualTo("QUEUED");
            assertThat(a.call("EXEC")).isNull();
            assertThat(a.call("GET", "{w}k")).isEqualTo("2");

            // The watch ended with EXEC: the same transaction now goes through.
            assertThat(a.call("MULTI")).isEqualTo("OK");
            assertThat(a.call("SET", "{w}k", "100")).isEqualTo("QUEUED");
            assertThat(a.call("EXEC")).isEqualTo(List.of("OK"));

            // A watched key on another shard than the transaction's also counts.
            assertThat(a.call("WATCH", "other")).isEqualTo("OK");
            assertThat(b.call("SET", "other", "x")).isEqualTo("OK");
            assertThat(a.call("MULTI")).isEqualTo("OK");
            assertThat(a.call("SET", "{w}k", "200")).isEqualTo("QUEUED");
            assertThat(a.call("EXEC")).isNull();

            // A watched key that expires counts as changed, as in Redis.
            a.call("SET", "{w}e", "v", "PX", "50");
            assertThat(a.call("WATCH", "{w}e")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.call("EXISTS", "{w}e").equals(0L));
            assertThat(a.call("MULTI")).isEqualTo("OK");
            assertThat(a.call("GET", "{w}k")).isEqualTo("QUEUED");
            assertThat(a.call("EXEC")).isNull();
        }
    }

    @Test
    void shouldKeepReplyOrderWhenPipeliningAcrossEveryShard(RunningServer server) {
        int n = 20_000;
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < n; i++) {
                batch.append(new String(RespClient.encode("SET", "key:" + i, "v" + i),
                    java.nio.charset.StandardCharsets.UTF_8));
                batch.append(new String(RespClient.encode("GET", "key:" + i), java.nio.charset.StandardCharsets.UTF_8));
                if (i % 100 == 0) {
                    batch.append(new String(RespClient.encode("PING", "p" + i), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            c.sendRaw(batch.toString());
            for (int i = 0; i < n; i++) {
                assertThat(c.read()).isEqualTo("OK");
                assertThat(c.read()).as("GET key:%d", i).isEqualTo("v" + i);
                if (i % 100 == 0) {
                    assertThat(c.read()).isEqualTo("p" + i);
                }
            }
            assertThat(c.call("DBSIZE")).isEqualTo((long) n);
        }
    }

    @Test
    void shouldOrderCommandsOverEveryShardAfterPipelinedWrites(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            StringBuilder batch = new StringBuilder();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 50; i++) {
                    batch.append(new String(RespClient.encode("SET", "o:" + round + ":" + i, "v"),
                        java.nio.charset.StandardCharsets.UTF_8));
                }
                batch.append(new String(RespClient.encode("DBSIZE"), java.nio.charset.StandardCharsets.UTF_8));
                batch.append(new String(RespClient.encode("FLUSHALL"), java.nio.charset.StandardCharsets.UTF_8));
                batch.append(new String(RespClient.encode("DBSIZE"), java.nio.charset.StandardCharsets.UTF_8));
            }
            c.sendRaw(batch.toString());
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 50; i++) {
                    assertThat(c.read()).isEqualTo("OK");
                }
                assertThat(c.read()).as("DBSIZE after the writes of round %d", round).isEqualTo(50L);
                assertThat(c.read()).isEqualTo("OK");
                assertThat(c.read()).as("DBSIZE after FLUSHALL").isEqualTo(0L);
            }
        }
    }

    @Test
    void shouldExpireKeysActivelyWithoutAccess(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            for (int i = 0; i < 500; i++) {
                c.call("SET", "exp:" + i, "v", "PX", "30");
            }
            c.call("SET", "stays", "v");
            await().atMost(Duration.ofSeconds(20)).until(() -> c.call("DBSIZE").equals(1L));
            String info = (String) c.call("INFO", "stats");
            assertThat(info).containsPattern("expired_keys:[1-9][0-9]{2,}");
            assertThat((String) c.call("INFO", "keyspace")).contains("db0:keys=1,expires=0,avg_ttl=0");
        }
    }

    @Test
    void shouldExpireLazilyOnAccess(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("SET", "lazy", "v", "PX", "40");
            c.call("HSET", "lazyh", "f", "v");
            c.call("PEXPIRE", "lazyh", "40");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.call("GET", "lazy") == null);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.call("HGET", "lazyh", "f") == null);
            assertThat(c.call("TTL", "lazy")).isEqualTo(-2L);
        }
    }

    @Test
    void shouldScanEveryKeyOfEveryShardOnce(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 3000; i++) {
                c.call("SET", "scan:" + i, "v");
                expected.add("scan:" + i);
            }
            c.call("HSET", "scan:hash", "f", "v");
            Set<String> seen = new HashSet<>();
            List<String> hashes = new ArrayList<>();
            String cursor = "0";
            int calls = 0;
            do {
                List<Object> reply = asList(c.call("SCAN", cursor, "COUNT", "100"));
                cursor = (String) reply.get(0);
                for (Object key : asList(reply.get(1))) {
                    seen.add((String) key);
                }
                calls++;
            } while (!cursor.equals("0"));
            assertThat(calls).isGreaterThan(8);
            assertThat(seen).containsAll(expected).contains("scan:hash").hasSize(3001);
            cursor = "0";
            do {
                List<Object> reply = asList(c.call("SCAN", cursor, "TYPE", "hash", "MATCH", "scan:*"));
                cursor = (String) reply.get(0);
                asList(reply.get(1)).forEach(k -> hashes.add((String) k));
            } while (!cursor.equals("0"));
            assertThat(hashes).containsExactly("scan:hash");
            assertThat(asList(c.call("KEYS", "scan:1??"))).hasSize(100);
        }
    }

    @Test
    void shouldRestoreWhatDumpProduced(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("HSET", "{d}h", "a", "1", "b", "2");
            c.call("SET", "{d}s", "hello");
            for (String key : List.of("{d}h", "{d}s")) {
                RawClient raw = new RawClient(server.port());
                Reply dump = raw.call("DUMP", key);
                assertThat(raw.call(List.of(bytes("RESTORE"), bytes(key + "copy"), bytes("0"), dump.data())))
                    .isEqualTo(Reply.simple("OK"));
                byte[] damaged = dump.data().clone();
                damaged[1] ^= 1;
                assertThat(raw.call(List.of(bytes("RESTORE"), bytes(key + "bad"), bytes("0"), damaged)).toString())
                    .isEqualTo("-ERR DUMP payload version or checksum are wrong");
                assertThat(raw.call(List.of(bytes("RESTORE"), bytes(key + "copy"), bytes("0"), dump.data())).toString())
                    .isEqualTo("-BUSYKEY Target key name already exists.");
                raw.close();
            }
            assertThat(c.call("HGETALL", "{d}hcopy")).isEqualTo(List.of("a", "1", "b", "2"));
            assertThat(c.call("GET", "{d}scopy")).isEqualTo("hello");
        }
    }

    @Test
    void shouldRefuseWritesBeyondMaxmemoryButServeReadsAndDeletes(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            c.call("SET", "keep", "v");
            assertThat(c.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("OK");
            assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo(List.of("maxmemory", "1"));
            String oom = "OOM command not allowed when used memory > 'maxmemory'.";
            assertThat(c.call("SET", "x", "v")).isEqualTo(new RespClient.Err(oom));
            assertThat(c.call("HSET", "h", "f", "v")).isEqualTo(new RespClient.Err(oom));
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("SET", "x", "v")).isEqualTo(new RespClient.Err(oom));
            assertThat(c.call("EXEC")).isEqualTo(
                new RespClient.Err("EXECABORT Transaction discarded because of previous errors."));
            assertThat(c.call("GET", "keep")).isEqualTo("v");
            assertThat(c.call("DEL", "keep")).isEqualTo(1L);
            assertThat(c.call("CONFIG", "SET", "maxmemory", "abc")).isEqualTo(new RespClient.Err(
                "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"));
            assertThat(c.call("CONFIG", "SET", "maxmemory", "0")).isEqualTo("OK");
            assertThat(c.call("SET", "x", "v")).isEqualTo("OK");
        }
    }

    @Test
    void shouldReportKeyspaceInInfo(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("FLUSHALL");
            c.call("SET", "a", "1");
            c.call("SET", "b", "1", "EX", "100");
            String before = (String) c.call("INFO", "stats");
            c.call("GET", "a");
            c.call("GET", "missing");
            assertThat((String) c.call("INFO", "keyspace")).contains("db0:keys=2,expires=1,avg_ttl=0");
            String after = (String) c.call("INFO", "stats");
            assertThat(field(after, "keyspace_hits")).isEqualTo(field(before, "keyspace_hits") + 1);
            assertThat(field(after, "keyspace_misses")).isEqualTo(field(before, "keyspace_misses") + 1);
            assertThat(field((String) c.call("INFO", "memory"), "used_memory_dataset")).isPositive();
        }
    }

    @Test
    void shouldReportKeyPositionsForClusterClients(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")).isEqualTo(List.of("a", "b"));
            assertThat(c.call("COMMAND", "GETKEYS", "GET", "k")).isEqualTo(List.of("k"));
            assertThat(c.call("COMMAND", "GETKEYS", "LCS", "x", "y")).isEqualTo(List.of("x", "y"));
        }
    }

    @Test
    void shouldAnswerDebugWithAClearError(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("DEBUG", "SLEEP", "0").toString()).contains("DEBUG is not supported");
            assertThat(c.call("SELECT", "1")).isEqualTo(new RespClient.Err("ERR DB index is out of range"));
        }
    }

    /**
     * What needs a feature this server lacks (scripts, functions, modules, a Redis primary to follow, client-side
     * caching) answers an error naming it; redis-cli shows it as it is. The replies that match Redis's are in
     * KeysOracleIT.
     */
    @Test
    void shouldAnswerWhatNeedsAnAbsentFeatureWithAClearError(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("EVAL", "return 1", "0"))
                .isEqualTo(new RespClient.Err("ERR Kronotop has no scripting engine: EVAL is not supported"));
            assertThat(c.call("EVAL_RO", "return 1", "0").toString()).contains("EVAL_RO is not supported");
            assertThat(c.call("SCRIPT", "LOAD", "return 1").toString()).contains("SCRIPT LOAD is not supported");
            assertThat(c.call("FUNCTION", "LOAD", "#!lua name=x").toString())
                .contains("FUNCTION LOAD is not supported");
            assertThat(c.call("MODULE", "LOAD", "/tmp/x.so").toString()).contains("MODULE LOAD is not supported");
            assertThat(c.call("MODULE", "LOADEX", "/tmp/x.so").toString()).contains("MODULE LOADEX is not supported");
            assertThat(c.call("MODULE", "UNLOAD", "x").toString()).contains("MODULE UNLOAD is not supported");
            assertThat(c.call("REPLICAOF", "127.0.0.1", "6379").toString()).contains("REPLICAOF is not supported");
            assertThat(c.call("SLAVEOF", "127.0.0.1", "6379").toString()).contains("SLAVEOF is not supported");
            assertThat(c.call("FAILOVER").toString()).contains("FAILOVER is not supported");
            assertThat(c.call("CLIENT", "TRACKING", "ON").toString())
                .contains("CLIENT TRACKING ON is not supported");
            assertThat(c.call("CLIENT", "TRACKINGINFO")).isEqualTo(
                List.of("flags", List.of("off"), "redirect", -1L, "prefixes", List.of()));
            // FUNCTION STATS: Redis lists its Lua engine, this server none
            assertThat(c.call("FUNCTION", "STATS")).isEqualTo(java.util.Arrays.asList("running_script", null,
                "engines", List.of()));
            assertThat(c.call("LOLWUT").toString()).startsWith("Kronotop ver. ");
            assertThat(c.call("ROLE")).isEqualTo(List.of("master", 0L, List.of()));
        }
        assertThat(RedisCli.run(server.port(), "EVAL", "return 1", "0"))
            .contains("Kronotop has no scripting engine");
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not in " + info);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
