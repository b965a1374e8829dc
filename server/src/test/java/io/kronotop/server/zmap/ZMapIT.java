package io.kronotop.server.zmap;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ZMap commands over Lettuce in RESP2 and RESP3: ranges and selectors, atomic and typed values, ZWATCH. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZMapIT {
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    private static ZClient fresh(RunningServer server, ProtocolVersion protocol, String namespace) {
        ZClient z = ZClient.connect(client, server, protocol);
        if (z.call("NAMESPACE", "EXISTS", namespace).equals(0L)) {
            z.call("NAMESPACE", "CREATE", namespace);
        }
        z.call("NAMESPACE", "USE", namespace);
        return z;
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldReadRangesWithSelectorsLimitsAndReverse(ProtocolVersion protocol, RunningServer server) {
        try (ZClient z = fresh(server, protocol, "ranges-" + protocol)) {
            for (int i = 0; i < 5; i++) {
                z.call("ZSET", "k" + i, "v" + i);
            }
            assertThat(z.call("ZGETRANGE", "k1", "k3")).isEqualTo(List.of(List.of("k1", "v1"), List.of("k2", "v2")));
            assertThat(z.call("ZGETRANGE", "k1", "k3", "END_KEY_SELECTOR", "first_greater_than"))
                .as("inclusive end").isEqualTo(List.of(List.of("k1", "v1"), List.of("k2", "v2"), List.of("k3", "v3")));
            assertThat(z.call("ZGETRANGE", "*", "*", "REVERSE", "LIMIT", "2"))
                .isEqualTo(List.of(List.of("k4", "v4"), List.of("k3", "v3")));
            assertThat(z.call("ZGETRANGE", "k3", "*")).isEqualTo(List.of(List.of("k3", "v3"), List.of("k4", "v4")));
            assertThat(z.call("ZGETRANGE", "k3", "k1")).isEqualTo(List.of());
            assertThat(z.call("ZGETKEY", "k2")).isEqualTo("k2");
            assertThat(z.call("ZGETKEY", "k2", "KEY_SELECTOR", "LAST_LESS_THAN")).isEqualTo("k1");
            assertThat(z.call("ZGETKEY", "k2", "KEY_SELECTOR", "LAST_LESS_OR_EQUAL")).isEqualTo("k2");
            assertThat(z.call("ZGETKEY", "k0", "KEY_SELECTOR", "LAST_LESS_THAN")).as("never outside the namespace")
                .isNull();
            assertThat(z.call("ZGETKEY", "k4", "KEY_SELECTOR", "FIRST_GREATER_THAN")).isNull();
            assertThat((Long) z.call("ZGETRANGESIZE", "*", "*")).isPositive();
            assertThat(z.error("ZGETRANGE", "*", "*", "LIMIT", "many"))
                .isEqualTo("ERR value is not an integer or out of range");
            assertThat(z.error("ZGETRANGE", "*", "*", "SIDEWAYS")).isEqualTo("ERR syntax error");
            assertThat(z.error("ZGETKEY", "k1", "KEY_SELECTOR", "NEAREST")).isEqualTo("ERR Invalid key selector: NEAREST");
            for (int i = 0; i < 150; i++) {
                z.call("ZSET", "many-" + (1000 + i), "x");
            }
            assertThat((List<?>) z.call("ZGETRANGE", "many-", "many.")).as("default limit").hasSize(100);
            assertThat((List<?>) z.call("ZGETRANGE", "many-", "many.", "LIMIT", "0")).as("no limit").hasSize(150);
            z.call("ZDELRANGE", "many-", "many.");
            assertThat(z.call("ZDELRANGE", "k1", "k4")).isEqualTo("OK");
            assertThat(z.call("ZGETRANGE", "*", "*")).isEqualTo(List.of(List.of("k0", "v0"), List.of("k4", "v4")));
        }
    }

    @Test
    void shouldRunEveryMutationType(RunningServer server) {
        try (ZClient z = fresh(server, ProtocolVersion.RESP3, "mutations")) {
            z.call("ZMUTATE", "n", le(5), "ADD");
            z.call("ZMUTATE", "n", le(7), "add");
            assertThat(z.call("ZGET.I64", "n")).isEqualTo(12L);
            z.call("ZMUTATE", "n", le(3), "BIT_AND");
            assertThat(z.call("ZGET.I64", "n")).isEqualTo(0L);
            z.call("ZMUTATE", "n", le(6), "BIT_OR");
            z.call("ZMUTATE", "n", le(3), "BIT_XOR");
            assertThat(z.call("ZGET.I64", "n")).isEqualTo(5L);
            z.call("ZMUTATE", "n", le(9), "MAX");
            z.call("ZMUTATE", "n", le(4), "MIN");
            assertThat(z.call("ZGET.I64", "n")).isEqualTo(4L);
            z.call("ZMUTATE", "s", "abc", "APPEND_IF_FITS");
            z.call("ZMUTATE", "s", "def", "APPEND_IF_FITS");
            assertThat(z.call("ZGET", "s")).isEqualTo("abcdef");
            z.call("ZMUTATE", "s", "zzz", "BYTE_MAX");
            z.call("ZMUTATE", "s", "mmm", "BYTE_MIN");
            assertThat(z.call("ZGET", "s")).isEqualTo("mmm");
            z.call("ZMUTATE", "s", "nope", "COMPARE_AND_CLEAR");
            assertThat(z.call("ZGET", "s")).isEqualTo("mmm");
            z.call("ZMUTATE", "s", "mmm", "COMPARE_AND_CLEAR");
            assertThat(z.call("ZGET", "s")).isNull();
            String placeholder = "\0".repeat(10);
            z.call("ZMUTATE", "vv", "stamp:" + placeholder + "\6\0\0\0", "SET_VERSIONSTAMPED_VALUE");
            assertThat((String) z.call("ZGET", "vv")).startsWith("stamp:").hasSize(16);
            z.call("ZMUTATE", "vk-" + placeholder + "\3\0\0\0", "x", "SET_VERSIONSTAMPED_KEY");
            List<?> stamped = (List<?>) z.call("ZGETRANGE", "vk-", "vk.");
            assertThat(stamped).hasSize(1);
            assertThat((String) ((List<?>) stamped.get(0)).get(0)).startsWith("vk-");
            assertThat(z.error("ZMUTATE", "n", "1", "MULTIPLY")).isEqualTo("ERR Invalid mutation type: MULTIPLY");
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldStoreTypedValues(ProtocolVersion protocol, RunningServer server) {
        try (ZClient z = fresh(server, protocol, "typed-" + protocol)) {
            assertThat(z.call("ZSET.I64", "i", "-42")).isEqualTo("OK");
            assertThat(z.call("ZGET.I64", "i")).isEqualTo(-42L);
            z.call("ZINC.I64", "i", "50");
            assertThat(z.call("ZGET.I64", "i")).isEqualTo(8L);
            z.call("ZSET.I64", "max", Long.toString(Long.MAX_VALUE));
            z.call("ZINC.I64", "max", "1");
            assertThat(z.call("ZGET.I64", "max")).as("wraps").isEqualTo(Long.MIN_VALUE);
            z.call("ZINC.I64", "fresh-i", "3");
            assertThat(z.call("ZGET.I64", "fresh-i")).isEqualTo(3L);
            assertThat(z.call("ZGET.I64", "none")).isNull();
            assertThat(z.error("ZSET.I64", "i", "1.5")).isEqualTo("ERR value is not an integer or out of range");

            z.call("ZSET.F64", "f", "1.25");
            z.call("ZINC.F64", "f", "0.5");
            Object f = z.call("ZGET.F64", "f");
            if (protocol == ProtocolVersion.RESP3) {
                assertThat(f).isEqualTo(1.75);
            } else {
                assertThat(f).isEqualTo("1.75");
            }
            z.call("ZSET.F64", "negzero", "-0.0");
            assertThat(z.call("ZGET.I64", "negzero")).as("-0.0 is stored as 0.0").isEqualTo(0L);
            assertThat(z.error("ZSET.F64", "f", "inf")).isEqualTo("ERR Invalid value: must be a finite IEEE-754 double");
            z.call("ZSET.F64", "huge", "1e308");
            assertThat(z.error("ZINC.F64", "huge", "1e308"))
                .isEqualTo("ERR Resulting value is not a finite IEEE-754 double (overflow or invalid operation)");

            z.call("ZSET.D128", "d", "123.4500");
            assertThat(z.call("ZGET.D128", "d")).isEqualTo("123.4500");
            z.call("ZINC.D128", "d", "-0.0500");
            assertThat(z.call("ZGET.D128", "d")).isEqualTo("123.4000");
            z.call("ZSET.D128", "big", "-1234567890123456789012345678901234E-20");
            assertThat(z.call("ZGET.D128", "big")).isEqualTo("-12345678901234.56789012345678901234");
            z.call("ZSET.D128", "tiny", "1E-6000");
            assertThat((String) z.call("ZGET.D128", "tiny")).startsWith("0.000").endsWith("1");
            assertThat(z.error("ZSET.D128", "d", "twelve")).isEqualTo("ERR invalid decimal");
            assertThat(z.error("ZSET.D128", "d", "1E+7000")).startsWith("ERR Exponent is out of range");

            z.call("ZSET.I64", "layout-i", "65");
            assertThat(z.call("ZGET", "layout-i")).as("little-endian").isEqualTo("A" + "\0".repeat(7));
            z.call("ZSET.D128", "layout-n", "-7.5");
            assertThat(z.call("ZGET", "layout-n")).as("sign bit, coefficient 75, exponent -1")
                .isEqualTo("\u004b" + "\0".repeat(13) + "\u003e\u00b0");
            z.call("ZSET.D128", "layout-d", "1");
            assertThat(z.call("ZGET", "layout-d")).as("BID: coefficient 1, biased exponent 6176, low word first")
                .isEqualTo("\1" + "\0".repeat(13) + "@0");
            z.call("ZSET", "short", "abc");
            assertThat(z.error("ZGET.I64", "short"))
                .isEqualTo("ERR Invalid stored value: expected 8-byte two's-complement int64");
            assertThat(z.error("ZGET.F64", "short")).isEqualTo("ERR Invalid stored value: expected 8-byte IEEE-754 double");
            assertThat(z.error("ZGET.D128", "short"))
                .isEqualTo("ERR Invalid stored value: expected 16-byte Decimal128 (IEEE-754 BID)");
        }
    }

    @Test
    void shouldWakeZWatchOnAnotherConnectionsWriteWithoutBlockingOthers(RunningServer server) throws Exception {
        try (ZClient watcher = fresh(server, ProtocolVersion.RESP3, "watch");
             ZClient writer = fresh(server, ProtocolVersion.RESP2, "watch")) {
            writer.call("ZSET", "w", "1");
            long blocked = blockedClients(writer);
            RedisFuture<Object> fired = watcher.callAsync("ZWATCH", "w");
            // INFO counts the watcher as blocked once its watch is armed: only then must a write wake it.
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(writer) == blocked + 1);
            // Other connections, on both reactors, keep being served while the watcher waits.
            List<ZClient> others = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    ZClient other = ZClient.connect(client, server);
                    others.add(other);
                    assertThat(other.call("ZSET", "unrelated", "x")).isEqualTo("OK");
                }
                writer.call("ZSET", "w", "1");
                assertThat(fired.isDone()).as("the same value does not wake it").isFalse();
                writer.call("ZSET", "w", "2");
                assertThat(fired.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
                assertThat(watcher.call("ZGET", "w")).isEqualTo("2");

                await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(writer) == blocked);
                RedisFuture<Object> deleted = watcher.callAsync("ZWATCH", "w");
                await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(writer) == blocked + 1);
                writer.call("ZDEL", "w");
                assertThat(deleted.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            } finally {
                others.forEach(ZClient::close);
            }
            watcher.call("BEGIN");
            assertThat(watcher.error("ZWATCH", "w")).isEqualTo("ERR ZWATCH is not allowed within a transaction");
            watcher.call("ROLLBACK");
        }
    }

    @Test
    void shouldReleaseZWatchWhenItsConnectionCloses(RunningServer server) throws Exception {
        try (ZClient observer = ZClient.connect(client, server)) {
            ZClient watcher = ZClient.connect(client, server);
            String id = "id=" + watcher.call("CLIENT", "ID") + " ";
            RedisFuture<Object> pending = watcher.callAsync("ZWATCH", "released");
            await().atMost(Duration.ofSeconds(10)).until(() -> clientLine(observer, id).contains("cmd=zwatch"));
            watcher.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> clientLine(observer, id).isEmpty());
            assertThat(pending.isDone()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(observer) == 0);
            // The key is free to be watched and written again.
            long blocked = blockedClients(observer);
            try (ZClient again = ZClient.connect(client, server)) {
                RedisFuture<Object> fired = again.callAsync("ZWATCH", "released");
                await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(observer) == blocked + 1);
                observer.call("ZSET", "released", "now");
                assertThat(fired.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            }
        }
    }

    /** INFO clients' blocked_clients. */
    private static long blockedClients(ZClient z) {
        String info = (String) z.call("INFO", "clients");
        return info.lines().filter(line -> line.startsWith("blocked_clients:"))
            .mapToLong(line -> Long.parseLong(line.substring("blocked_clients:".length()).trim()))
            .findFirst().orElseThrow();
    }

    /** The CLIENT LIST line that starts with {@code id}, or "". */
    private static String clientLine(ZClient z, String id) {
        String list = (String) z.call("CLIENT", "LIST");
        return list.lines().filter(line -> line.startsWith(id)).findFirst().orElse("");
    }

    /** 8 little-endian bytes of {@code v} (v < 128 per byte), as a string of those bytes. */
    private static String le(long v) {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append((char) ((v >>> (8 * i)) & 0x7F));
        }
        return sb.toString();
    }
}
