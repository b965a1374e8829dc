package io.kronotop.server.redis.persist;

import io.kronotop.server.KronotopServer;
import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.testing.LeakTracker;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Redis keyspace on the shard volumes, through the real server: restarts keep every key in sync mode; async
 * mode acknowledges before durability and persists within its window; INFO's persistence section.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RedisPersistenceIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void leaks() {
        LeakTracker.install();
    }

    private KronotopServer start(String durability, String... extra) {
        KronotopConfig.Builder builder = KronotopConfig.builder()
            .set("data.dir", dir.resolve("data").toString())
            .set("server.port", "0")
            .set("admin.port", "0")
            .set("server.reactors", "2")
            .set("server.shutdown.grace_ms", "200")
            .set("cluster.redis.shards", "4")
            .set("volume.segment.size.bytes", "1048576")
            .set("stash.durability", durability);
        for (String assignment : extra) {
            builder.set(assignment);
        }
        return KronotopServer.start(builder.build());
    }

    @Test
    void shouldKeepEveryKeyAcrossRestartsInSyncMode() {
        KronotopServer server = start("sync");
        long expireAt = System.currentTimeMillis() / 1000 + 3600;
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            r.set("s", "hello");
            r.set("gone", "x");
            r.del("gone");
            r.set("ttl", "v");
            r.expireat("ttl", expireAt);
            r.set("persisted", "v");
            r.expire("persisted", 100);
            r.persist("persisted");
            for (int i = 0; i < 25; i++) {
                r.incr("counter");
            }
            r.incrbyfloat("float", 1.5);
            r.append("s", " world");
            r.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
            r.hdel("h", "b");
            r.hincrby("h", "n", 7);
            r.hset("hexp", "f", "v");
            r.expireat("hexp", expireAt);
            r.hset("emptied", "f", "v");
            r.hdel("emptied", "f");
            r.set("type", "string first");
            r.del("type");
            r.hset("type", "now", "a hash");
            r.mset(Map.of("{m}1", "one", "{m}2", "two"));
            r.set("{r}from", "moved");
            r.rename("{r}from", "{r}to");
            r.hset("{c}h", Map.of("a", "1", "c", "3", "n", "7"));
            r.copy("{c}h", "{c}hcopy");
            r.set("short", "v", io.lettuce.core.SetArgs.Builder.px(50));
            // gone before the restart, so the restarted server loads 13 keys whatever its start takes
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> r.exists("short") == 0L);
        } finally {
            client.shutdown();
        }
        server.close();

        server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "s")).isEqualTo("hello world");
            for (String absent : List.of("gone", "emptied", "{r}from", "short")) {
                assertThat(c.call("EXISTS", absent)).as(absent).isEqualTo(0L);
            }
            assertThat(c.call("EXPIRETIME", "ttl")).isEqualTo(expireAt);
            assertThat(c.call("TTL", "persisted")).isEqualTo(-1L);
            assertThat(c.call("GET", "counter")).isEqualTo("25");
            assertThat(c.call("INCR", "counter")).isEqualTo(26L);
            assertThat(c.call("GET", "float")).isEqualTo("1.5");
            assertThat(pairs(c.call("HGETALL", "h"))).isEqualTo(Map.of("a", "1", "c", "3", "n", "7"));
            assertThat(pairs(c.call("HGETALL", "{c}hcopy"))).isEqualTo(Map.of("a", "1", "c", "3", "n", "7"));
            assertThat(c.call("EXPIRETIME", "hexp")).isEqualTo(expireAt);
            assertThat(c.call("TYPE", "type")).isEqualTo("hash");
            assertThat(c.call("MGET", "{m}1", "{m}2")).isEqualTo(List.of("one", "two"));
            assertThat(c.call("GET", "{r}to")).isEqualTo("moved");
            assertThat(c.call("DBSIZE")).isEqualTo(13L);
            String info = (String) c.call("INFO", "persistence");
            assertThat(info).contains("loading:0", "aof_enabled:1", "stash_durability:sync",
                "stash_shards_persisted:4", "stash_loaded_keys:13", "aof_last_write_status:ok");
            // FLUSHALL is durable once acknowledged
            assertThat(c.call("FLUSHALL")).isEqualTo("OK");
        }
        server.halt();

        server = start("sync");
        try {
            assertThat(RedisCli.run(server.port(), "DBSIZE")).isEqualTo("0");
            assertThat(RedisCli.run(server.port(), "SET", "after", "flush")).isEqualTo("OK");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldKeepBitmapsAndBitfieldsAcrossAHaltInSyncMode() {
        KronotopServer server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SETBIT", "bits", "1000", "1")).isEqualTo(0L);
            assertThat(c.call("SETBIT", "bits", "3", "1")).isEqualTo(0L);
            assertThat(c.call("SETBIT", "bits", "1000", "1")).isEqualTo(1L);
            assertThat(c.call("BITFIELD", "fields", "INCRBY", "u16", "#2", "500", "SET", "i8", "0", "-5"))
                .isEqualTo(List.of(500L, 0L));
            assertThat(c.call("BITFIELD", "fields", "OVERFLOW", "FAIL", "INCRBY", "u16", "#2", "70000"))
                .isEqualTo(java.util.Arrays.asList((Object) null));
            assertThat(c.call("MSET", "{o}a", "abc", "{o}b", "xyz")).isEqualTo("OK");
            assertThat(c.call("BITOP", "XOR", "{o}x", "{o}a", "{o}b")).isEqualTo(3L);
            assertThat(c.call("SET", "{o}gone", "v")).isEqualTo("OK");
            assertThat(c.call("BITOP", "AND", "{o}gone", "{o}missing")).isEqualTo(0L);
        }
        server.halt(); // no graceful stop: what was acknowledged must be on disk already

        server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GETBIT", "bits", "1000")).isEqualTo(1L);
            assertThat(c.call("GETBIT", "bits", "3")).isEqualTo(1L);
            assertThat(c.call("BITCOUNT", "bits")).isEqualTo(2L);
            assertThat(c.call("STRLEN", "bits")).isEqualTo(126L);
            assertThat(c.call("BITFIELD_RO", "fields", "GET", "u16", "#2", "GET", "i8", "0"))
                .isEqualTo(List.of(500L, -5L));
            assertThat(c.call("GET", "{o}x")).isEqualTo(new String(new char[] {'a' ^ 'x', 'b' ^ 'y', 'c' ^ 'z'}));
            assertThat(c.call("EXISTS", "{o}gone")).isEqualTo(0L);
        } finally {
            server.close();
        }
    }

    /**
     * SETRANGE, SETBIT, BITFIELD, APPEND and EXPIRE of a 64 KiB string, and SETRANGE of a new key far out, are
     * persisted as patches of the bytes they change (INFO stash_patches), and a halt loses none of them.
     */
    @Test
    void shouldPersistLargeStringsChangedInPlaceAsPatchesAcrossAHalt() {
        KronotopServer server = start("sync");
        char[] big = new char[65536];
        java.util.Arrays.fill(big, 'a');
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SET", "big", new String(big))).isEqualTo("OK");
            assertThat(c.call("SETRANGE", "big", "100", "xyz")).isEqualTo(65536L);
            assertThat(c.call("SETBIT", "big", Long.toString(8L * 65535 + 3), "1")).isEqualTo(0L);
            assertThat(c.call("BITFIELD", "big", "SET", "u8", "#10", "66")).isEqualTo(List.of(97L));
            assertThat(c.call("APPEND", "big", "tail")).isEqualTo(65540L);
            assertThat(c.call("EXPIRE", "big", "1000")).isEqualTo(1L);
            assertThat(c.call("SETRANGE", "far", "70000", "z")).isEqualTo(70001L);
            await().atMost(Duration.ofSeconds(10)).until(() -> persistenceField(c, "stash_patches") == 6);
        }
        big[100] = 'x';
        big[101] = 'y';
        big[102] = 'z';
        big[65535] = 'q';
        big[10] = 'B';
        String expected = new String(big) + "tail";
        server.halt(); // no graceful stop: what was acknowledged must be on disk already

        server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "big")).isEqualTo(expected);
            assertThat((Long) c.call("TTL", "big")).isBetween(1L, 1000L);
            assertThat(c.call("STRLEN", "far")).isEqualTo(70001L);
            assertThat(c.call("GETRANGE", "far", "69998", "70000")).isEqualTo("\0\0z");
            assertThat(c.call("BITCOUNT", "far")).as("zeros but for the z (0x7a)").isEqualTo(5L);
        } finally {
            server.close();
        }
    }

    /**
     * SETRANGE, SETBIT and BITFIELD past the end of a 64 KiB string grow it in place with room after it (as APPEND
     * does), and a bitmap set at rising offsets grows the same way: persisted as patches, and a halt loses none of it.
     */
    @Test
    void shouldPersistStringsGrownInPlaceByRangesAndBitsAcrossAHalt() {
        KronotopServer server = start("sync");
        byte[] expected = new byte[90_005];
        java.util.Arrays.fill(expected, 0, 65536, (byte) 'a');
        byte[] bitmap = new byte[(int) ((199L * 4001 + 7) >>> 3) + 1];
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SET", "big", "a".repeat(65536))).isEqualTo("OK");
            long patches = persistenceField(c, "stash_patches");
            assertThat(c.call("SETRANGE", "big", "70000", "xyz")).isEqualTo(70003L);
            assertThat(c.call("SETBIT", "big", Long.toString(8L * 80000 + 1), "1")).isEqualTo(0L);
            assertThat(c.call("BITFIELD", "big", "SET", "u8", "#90000", "66")).isEqualTo(List.of(0L));
            assertThat(c.call("APPEND", "big", "tail")).isEqualTo(90005L);
            expected[70000] = 'x';
            expected[70001] = 'y';
            expected[70002] = 'z';
            expected[80000] = 0x40;
            expected[90000] = 66;
            System.arraycopy("tail".getBytes(StandardCharsets.US_ASCII), 0, expected, 90001, 4);
            for (int i = 0; i < 200; i++) {
                long bit = (long) i * 4001 + 7;
                assertThat(c.call("SETBIT", "bitmap", Long.toString(bit), "1")).isEqualTo(0L);
                bitmap[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> persistenceField(c, "stash_patches") >= patches + 4);
        }
        server.halt(); // no graceful stop: what was acknowledged must be on disk already

        server = start("sync");
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<byte[], byte[]> c =
                 client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            assertThat(c.sync().get(b("big"))).isEqualTo(expected);
            assertThat(c.sync().get(b("bitmap"))).isEqualTo(bitmap);
            assertThat(c.sync().bitcount(b("bitmap"))).isEqualTo(200L);
        } finally {
            client.shutdown();
            server.close();
        }
    }

    /**
     * INFO's stash_flushes and stash_flush_usec count the settled flushes and their time: in sync mode each of five
     * SETs sent one after the other is acknowledged only once its flush is settled, so five flushes at least, each
     * taking at least a microsecond (a log sync).
     */
    @Test
    void shouldCountFlushesAndTheirTimeInInfo() {
        KronotopServer server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            long before = persistenceField(c, "stash_flushes");
            for (int i = 0; i < 5; i++) {
                assertThat(c.call("SET", "flushed" + i, "v" + i)).isEqualTo("OK");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> persistenceField(c, "stash_flushes") >= before + 5);
            long flushes = persistenceField(c, "stash_flushes");
            long micros = persistenceField(c, "stash_flush_usec");
            assertThat(micros).as("%d us for %d flushes", micros, flushes).isGreaterThanOrEqualTo(flushes);
            assertThat(micros / flushes).as("mean flush time in us").isLessThan(10_000_000L);
        } finally {
            server.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether any open volume of {@code server} still holds a changelog record. */
    private static boolean anyChangelogRecord(KronotopServer server) {
        for (String name : server.volumes().names()) {
            io.kronotop.volume.Volume volume = server.volumes().get(name);
            if (volume != null && volume.changelogPruner().oldestSequenceNumber().join() >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldPruneChangelogRecordsOlderThanTheRetentionAndKeepTheData() {
        // Without the retention, every write below would keep its changelog record for ever.
        KronotopServer first = start("sync", "volume.changelog.retention.ms=3000");
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + first.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            for (int i = 0; i < 40; i++) {
                r.set("k" + i, "v" + i);
            }
            r.hset("h", Map.of("a", "1", "b", "2"));
            // the small packs are staged first and reach the volume (and its changelog) with the move that follows
            // within stash.stage.move_after.ms; those records stay until the retention has passed
            await().atMost(Duration.ofSeconds(10)).until(() -> anyChangelogRecord(first));
            await().atMost(Duration.ofSeconds(30)).until(() -> !anyChangelogRecord(first));
            assertThat(r.get("k7")).isEqualTo("v7");
        } finally {
            client.shutdown();
        }
        first.close();

        KronotopServer server = start("sync", "volume.changelog.retention.ms=3000");
        try (RespClient c = RespClient.connect(server.port())) {
            for (int i = 0; i < 40; i++) {
                assertThat(c.call("GET", "k" + i)).isEqualTo("v" + i);
            }
            assertThat(pairs(c.call("HGETALL", "h"))).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(c.call("SET", "k0", "again")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).alias("a new write records again, once moved into the volume")
                .until(() -> anyChangelogRecord(server));
        } finally {
            server.close();
        }
    }

    private static long segmentFiles(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void shouldVacuumTheGarbageOfOverwrittenKeysByItself() throws IOException {
        String[] config = {"cluster.redis.shards=1", "volume.segment.size.bytes=65536",
            "stash.vacuum.garbage_percent=50", "stash.vacuum.interval.ms=200"};
        KronotopServer first = start("sync", config);
        Path segments = dir.resolve("data").resolve("volumes").resolve("redis-shard-0").resolve("segments");
        String value = "x".repeat(1000);
        try (RespClient c = RespClient.connect(first.port())) {
            // 1,000 records of about 1 KiB into 64 KiB segments, of which the last 10 stay live
            for (int round = 0; round < 100; round++) {
                for (int k = 0; k < 10; k++) {
                    assertThat(c.call("SET", "k" + k, value + round)).isEqualTo("OK");
                }
            }
            // without a vacuum the volume would keep about 16 segments
            await().atMost(Duration.ofSeconds(30)).until(() -> segmentFiles(segments) <= 3);
            for (int k = 0; k < 10; k++) {
                assertThat(c.call("GET", "k" + k)).isEqualTo(value + 99);
            }
        }
        first.close();

        KronotopServer server = start("sync", config);
        try (RespClient c = RespClient.connect(server.port())) {
            for (int k = 0; k < 10; k++) {
                assertThat(c.call("GET", "k" + k)).isEqualTo(value + 99);
            }
            assertThat(c.call("DBSIZE")).isEqualTo(10L);
        } finally {
            server.close();
        }
    }

    /**
     * A live record in the oldest pack holds every pack behind it (deletes go oldest first), and a log under
     * {@code stash.log.min_bytes} is not cleaned by itself: BGREWRITEAOF writes the live records again, the old packs
     * go, and a vacuum run gives their segments back, as Redis's rewrite shrinks its append-only file.
     */
    @Test
    void shouldRewriteTheLogOnBgrewriteaofAndGiveItsSpaceBack() throws IOException {
        String[] config = {"cluster.redis.shards=1", "volume.segment.size.bytes=65536", "stash.stage.max_bytes=0",
            "stash.vacuum.garbage_percent=0"};
        KronotopServer first = start("sync", config);
        Path segments = dir.resolve("data").resolve("volumes").resolve("redis-shard-0").resolve("segments");
        String value = "x".repeat(1000);
        try (RespClient c = RespClient.connect(first.port())) {
            assertThat(c.call("SET", "pinned", "p")).isEqualTo("OK");
            for (int round = 0; round < 100; round++) {
                for (int k = 0; k < 10; k++) {
                    assertThat(c.call("SET", "k" + k, value + round)).isEqualTo("OK");
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> persistenceField(c, "stash_entries") >= 1000);
            assertThat(segmentFiles(segments)).isGreaterThanOrEqualTo(10);
            assertThat(persistenceField(c, "aof_rewrites")).isZero();

            assertThat(c.call("BGREWRITEAOF")).isEqualTo("Background append only file rewriting started");
            await().atMost(Duration.ofSeconds(30)).until(() -> persistenceField(c, "aof_rewrites") == 1
                && persistenceField(c, "aof_rewrite_in_progress") == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> persistenceField(c, "stash_entries") <= 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> segmentFiles(segments) <= 3);
            assertThat((String) c.call("INFO", "persistence")).contains("aof_last_bgrewrite_status:ok");
            assertThat(c.call("GET", "pinned")).isEqualTo("p");
            for (int k = 0; k < 10; k++) {
                assertThat(c.call("GET", "k" + k)).isEqualTo(value + 99);
            }
        }
        first.close();

        KronotopServer server = start("sync", config);
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "pinned")).isEqualTo("p");
            for (int k = 0; k < 10; k++) {
                assertThat(c.call("GET", "k" + k)).isEqualTo(value + 99);
            }
            assertThat(c.call("DBSIZE")).isEqualTo(11L);
        } finally {
            server.close();
        }
    }

    /** A numeric field of INFO persistence. */
    private static long persistenceField(RespClient c, String name) {
        for (String line : ((String) c.call("INFO", "persistence")).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not in INFO persistence");
    }

    @Test
    void shouldRefuseWritesWithMisconfWhileTheVolumeFailsAndPersistTheFailedChangeOnceItWorksAgain() {
        KronotopServer server = start("sync", "cluster.redis.shards=1");
        RedisClient lettuce = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (RespClient c = RespClient.connect(server.port());
             RespClient admin = RespClient.connect(server.adminPort());
             StatefulRedisConnection<String, String> l = lettuce.connect()) {
            assertThat(c.call("SET", "before", "v")).isEqualTo("OK");
            assertThat(admin.call("VOLUME.ADMIN", "SET-STATUS", "redis-shard-0", "READONLY")).isEqualTo("OK");
            // the write that finds out is in memory but not acknowledged as durable
            assertThat(c.call("SET", "k", "failed once")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).startsWith("ERR the change could not be made durable"));
            // from then on writes are refused before they change anything; reads go on
            String misconf = "MISCONF Errors writing to volume redis-shard-0: ";
            assertThat(c.call("SET", "k", "refused")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).startsWith(misconf));
            assertThatThrownBy(() -> l.sync().del("before")).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith(misconf);
            assertThat(c.call("GET", "k")).isEqualTo("failed once");
            assertThat(l.sync().get("before")).isEqualTo("v");
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("INCR", "n")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isInstanceOfSatisfying(RespClient.Err.class, e -> assertThat(e.message())
                .startsWith("EXECABORT Transaction discarded because of: " + misconf));
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("GET", "before")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isEqualTo(List.of("v"));
            assertThat(c.call("FLUSHALL")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).startsWith(misconf));
            // INFO reads a snapshot of the shards' figures, refreshed on a timer
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String info = (String) c.call("INFO", "persistence");
                return info.contains("aof_last_write_status:err") && info.contains("stash_failing_slots:1");
            });
            assertThat((String) c.call("INFO", "errorstats")).contains("errorstat_MISCONF:count=");
            // once the volume takes writes again, the failed change is written by itself and writes are accepted
            assertThat(admin.call("VOLUME.ADMIN", "SET-STATUS", "redis-shard-0", "READWRITE")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String info = (String) c.call("INFO", "persistence");
                return info.contains("aof_last_write_status:ok") && info.contains("stash_failing_slots:0");
            });
            assertThat(l.sync().set("after", "v")).isEqualTo("OK");
        } finally {
            lettuce.shutdown();
        }
        server.halt();
        server = start("sync", "cluster.redis.shards=1");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "k")).as("written by the retry").isEqualTo("failed once");
            assertThat(c.call("GET", "before")).isEqualTo("v");
            assertThat(c.call("GET", "after")).isEqualTo("v");
            assertThat(c.call("EXISTS", "n")).isEqualTo(0L);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldSendTheRepliesAheadOfAWaitingWriteTogetherWithItsReply() throws IOException {
        KronotopServer server = start("sync", "cluster.redis.shards=1");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] buf = new byte[1024];
            for (int i = 0; i < 20; i++) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                batch.writeBytes(RespClient.encode("PING"));
                batch.writeBytes(RespClient.encode("SET", "k" + i, "v"));
                batch.writeBytes(RespClient.encode("GET", "k" + i));
                socket.getOutputStream().write(batch.toByteArray());
                // The PONG is ready at once, the OK only once the SET is durable: one write carries all three,
                // so the first read returns them all (old behaviour: the PONG alone, a commit earlier).
                int n = socket.getInputStream().read(buf);
                assertThat(new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII))
                    .as("first read of batch %d", i).isEqualTo("+PONG\r\n+OK\r\n$1\r\nv\r\n");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void shouldAcknowledgeBeforeDurabilityAndPersistWithinTheWindowInAsyncMode() {
        // A window far longer than the test: acknowledged writes wait in memory, and a crash loses them.
        KronotopServer server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SET", "pending", "v")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(
                () -> ((String) c.call("INFO", "persistence")).contains("stash_dirty_slots:1"));
        }
        server.halt();
        server = start("async", "stash.async.window.ms=200");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("EXISTS", "pending")).as("acknowledged from memory, never written").isEqualTo(0L);
            assertThat(c.call("SET", "written", "v")).isEqualTo("OK");
            assertThat(c.call("HSET", "h", "f", "v")).isEqualTo(1L);
            // within the window (plus one sync) the changes reach the volume, without any other command
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String info = (String) c.call("INFO", "persistence");
                return info.contains("stash_dirty_slots:0") && info.contains("stash_in_flight:0")
                    && info.contains("stash_keys:2");
            });
        }
        server.halt();
        server = start("async", "stash.async.window.ms=200");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "written")).isEqualTo("v");
            assertThat(c.call("HGET", "h", "f")).isEqualTo("v");
            assertThat(c.call("SET", "flushed", "at close")).isEqualTo("OK");
        }
        // a graceful stop writes what the window still held
        server.close();
        server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "flushed")).isEqualTo("at close");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldMakeAcknowledgedWritesDurableOnSaveAndBgsaveInAsyncMode() {
        // The window is far longer than the test: only SAVE or BGSAVE can write these keys before the crash.
        KronotopServer server = start("async", "stash.async.window.ms=600000");
        RedisClient lettuce = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (RespClient c = RespClient.connect(server.port());
             StatefulRedisConnection<String, String> l = lettuce.connect()) {
            long started = (Long) c.call("LASTSAVE");
            assertThat(started).isBetween(System.currentTimeMillis() / 1000 - 120, System.currentTimeMillis() / 1000);
            for (int i = 0; i < 50; i++) {
                assertThat(c.call("SET", "saved:" + i, "v" + i)).isEqualTo("OK");
            }
            assertThat(c.call("HSET", "saved:h", "f", "hv")).isEqualTo(1L);
            // INFO's stash figures are refreshed periodically
            await().atMost(Duration.ofSeconds(10)).until(
                () -> !((String) c.call("INFO", "persistence")).contains("stash_dirty_slots:0"));
            assertThat(l.sync().save()).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String info = (String) c.call("INFO", "persistence");
                return info.contains("stash_dirty_slots:0") && info.contains("stash_in_flight:0")
                    && info.contains("stash_keys:51");
            });
            assertThat((String) c.call("INFO", "persistence")).contains("rdb_bgsave_in_progress:0",
                "rdb_last_bgsave_status:ok");
            assertThat((Long) c.call("LASTSAVE")).isGreaterThanOrEqualTo(started);
            assertThat(l.sync().lastsave().getTime() / 1000).isGreaterThanOrEqualTo(started);

            assertThat(c.call("SET", "background", "b")).isEqualTo("OK");
            assertThat(RedisCli.run(server.port(), "BGSAVE")).isEqualTo("Background saving started");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String info = (String) c.call("INFO", "persistence");
                return info.contains("rdb_bgsave_in_progress:0") && info.contains("stash_dirty_slots:0")
                    && info.contains("stash_in_flight:0");
            });
            assertThat(c.call("BGSAVE", "SCHEDULE")).isIn("Background saving started", "Background saving scheduled");
            await().atMost(Duration.ofSeconds(30)).until(
                () -> ((String) c.call("INFO", "persistence")).contains("rdb_bgsave_in_progress:0"));
            assertThat(c.call("BGSAVE", "NOW")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR syntax error"));
            assertThat(c.call("SAVE", "x")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).startsWith("ERR wrong number of arguments"));
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("SAVE")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR Command not allowed inside a transaction"));
            assertThat(c.call("DISCARD")).isEqualTo("OK");

            assertThat(c.call("SET", "unsaved", "u")).isEqualTo("OK");
        } finally {
            lettuce.shutdown();
        }
        server.halt();
        server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            for (int i = 0; i < 50; i++) {
                assertThat(c.call("GET", "saved:" + i)).isEqualTo("v" + i);
            }
            assertThat(c.call("HGET", "saved:h", "f")).isEqualTo("hv");
            assertThat(c.call("GET", "background")).isEqualTo("b");
            // written after the last save, within a window that had not ended: lost with the crash, as documented
            assertThat(c.call("EXISTS", "unsaved")).isEqualTo(0L);
        } finally {
            server.close();
        }
        // in sync mode a save answers too: every acknowledged write is durable already
        server = start("sync");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SAVE")).isEqualTo("OK");
            assertThat(c.call("GET", "background")).isEqualTo("b");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldWriteTheAsyncWindowAndStopOnShutdown() throws InterruptedException {
        KronotopServer server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SET", "k", "before shutdown")).isEqualTo("OK");
            assertThat(c.call("HSET", "h", "f", "v")).isEqualTo(1L);
            assertThat(c.call("SHUTDOWN", "ABORT")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR No shutdown in progress."));
            assertThat(c.call("SHUTDOWN", "SAVE", "NOSAVE")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR syntax error"));
            assertThat(c.call("SHUTDOWN", "LATER")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR syntax error"));
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("SHUTDOWN")).isInstanceOfSatisfying(RespClient.Err.class,
                e -> assertThat(e.message()).isEqualTo("ERR Command not allowed inside a transaction"));
            assertThat(c.call("DISCARD")).isEqualTo("OK");
            assertThat(c.call("GET", "k")).isEqualTo("before shutdown");
        }
        // redis-cli treats the closed connection as SHUTDOWN's success: no output, exit code 0
        RedisCli.Result result = RedisCli.runWithInput(server.port(), null, "SHUTDOWN", "NOSAVE");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isBlank();
        KronotopServer first = server;
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                first.awaitStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> !waiter.isAlive());
        // NOSAVE as well: the volumes are the dataset, and the window's changes were written before they closed
        server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "k")).isEqualTo("before shutdown");
            assertThat(c.call("HGET", "h", "f")).isEqualTo("v");
        }
        KronotopServer second = server;
        RedisClient lettuce = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<String, String> l = lettuce.connect()) {
            assertThat(l.sync().set("lettuce", "v")).isEqualTo("OK");
            l.sync().shutdown(true);
            await().atMost(Duration.ofSeconds(60)).until(() -> !l.isOpen());
        } finally {
            lettuce.shutdown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", second.port())) {
                return false;
            } catch (IOException e) {
                return true;
            }
        });
        second.awaitStopped();
        server = start("async", "stash.async.window.ms=600000");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("GET", "lettuce")).isEqualTo("v");
        } finally {
            server.close();
        }
    }

    private static Map<Object, Object> pairs(Object reply) {
        List<Object> list = RespClient.asList(reply);
        Map<Object, Object> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put(list.get(i), list.get(i + 1));
        }
        return map;
    }
}
