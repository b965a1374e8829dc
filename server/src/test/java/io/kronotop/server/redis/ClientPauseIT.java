package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CLIENT PAUSE and CLIENT UNPAUSE. The scenarios that Redis can be watched through (WRITE pauses, which leave INFO
 * running) run against this server and redis-server and must give the same transcript; ALL pauses, the merging of
 * pauses, the administration port and active expiry are checked on this server, through its administration port.
 */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientPauseIT extends SideBySide {
    private static void awaitBlocked(RespClient observer, long count) {
        await().atMost(Duration.ofSeconds(10))
            .until(() -> infoField(observer, "clients", "blocked_clients") == count);
    }

    @Test
    void shouldRefuseBadArgumentsAsRedisDoes(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient c = RespClient.connect(port)) {
                t.add(c.call("CLIENT", "PAUSE"));
                t.add(c.call("CLIENT", "PAUSE", "abc"));
                t.add(c.call("CLIENT", "PAUSE", "1.5"));
                t.add(c.call("CLIENT", "PAUSE", "99999999999999999999"));
                t.add(c.call("CLIENT", "PAUSE", "-1"));
                t.add(c.call("CLIENT", "PAUSE", "10", "FOO"));
                t.add(c.call("CLIENT", "Pause", "10", "write", "x"));
                t.add(c.call("CLIENT", "UNPAUSE", "x"));
                t.add(c.call("CLIENT", "UNPAUSE"));
                t.add(c.call("CLIENT", "PAUSE", "0"));
                t.add(c.call("PING"));
            }
            return t;
        });
    }

    @Test
    void shouldHoldWritesAndRunThemInOrderWhenAWritePauseEnds(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient ctl = RespClient.connect(port); RespClient a = RespClient.connect(port);
                 RespClient b = RespClient.connect(port)) {
                ctl.call("SET", "{p}x", "1");
                t.add(ctl.call("CLIENT", "PAUSE", "100000", "WRITE"));
                // reads, and refusals decided before the pause, are answered
                t.add(a.call("GET", "{p}x"));
                t.add(a.call("PING"));
                t.add(a.call("NOSUCHCOMMAND"));
                t.add(a.call("SET", "{p}x"));
                // a pipeline: the GET is answered, the SET waits and the GET behind it with it
                a.sendRaw(concat(RespClient.encode("GET", "{p}x"), RespClient.encode("SET", "{p}x", "2"),
                    RespClient.encode("GET", "{p}x")));
                t.add(a.read());
                awaitBlocked(ctl, 1);
                // in a transaction, a write waits before it is even queued
                t.add(b.call("MULTI"));
                t.add(b.call("GET", "{p}x"));
                b.send("SET", "{p}x", "3");
                awaitBlocked(ctl, 2);
                t.add(clientFlags(ctl));
                t.add(a.hasUnreadBytes());
                t.add(b.hasUnreadBytes());
                t.add(ctl.call("GET", "{p}x"));
                t.add(ctl.call("CLIENT", "UNPAUSE"));
                t.add(a.read());
                t.add(a.read());
                t.add(b.read());
                t.add(b.call("EXEC"));
                t.add(ctl.call("GET", "{p}x"));
                awaitBlocked(ctl, 0);
            }
            return t;
        });
    }

    @Test
    void shouldRunAReadOnlyTransactionButHoldAWritingOneAndAWriteThatFailsLater(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient ctl = RespClient.connect(port); RespClient a = RespClient.connect(port)) {
                ctl.call("SET", "{p}r", "v");
                t.add(ctl.call("CLIENT", "PAUSE", "100000", "WRITE"));
                t.add(a.call("MULTI"));
                t.add(a.call("GET", "{p}r"));
                t.add(a.call("EXEC"));
                // a write with a bad argument waits like any write, then fails
                a.send("EXPIRE", "{p}r", "abc");
                awaitBlocked(ctl, 1);
                t.add(ctl.call("CLIENT", "UNPAUSE"));
                t.add(a.read());
                // a transaction that writes, queued before the pause: its EXEC waits
                t.add(a.call("MULTI"));
                t.add(a.call("SET", "{p}r", "w"));
                t.add(ctl.call("CLIENT", "PAUSE", "100000", "WRITE"));
                a.send("EXEC");
                awaitBlocked(ctl, 1);
                t.add(ctl.call("GET", "{p}r"));
                t.add(ctl.call("CLIENT", "UNPAUSE"));
                t.add(a.read());
                t.add(ctl.call("GET", "{p}r"));
            }
            return t;
        });
    }

    @Test
    void shouldApplyAPauseFromATransactionAfterItsExec(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient ctl = RespClient.connect(port); RespClient a = RespClient.connect(port)) {
                ctl.call("DEL", "{p}y");
                t.add(ctl.call("MULTI"));
                t.add(ctl.call("CLIENT", "PAUSE", "100000", "WRITE"));
                t.add(ctl.call("SET", "{p}y", "1"));
                t.add(ctl.call("EXEC"));
                a.send("SET", "{p}y", "2");
                awaitBlocked(ctl, 1);
                t.add(ctl.call("GET", "{p}y"));
                t.add(clientFlags(ctl));
                t.add(ctl.call("CLIENT", "UNPAUSE"));
                t.add(a.read());
                t.add(ctl.call("GET", "{p}y"));
            }
            return t;
        });
    }

    /** The flags and MULTI queue length CLIENT LIST shows for the connections other than {@code observer}. */
    private static List<String> clientFlags(RespClient observer) {
        String list = (String) observer.call("CLIENT", "LIST");
        List<String> others = new ArrayList<>();
        for (String line : list.split("\n")) {
            if (line.contains(" cmd=client|list ") || line.isBlank()) {
                continue;
            }
            StringBuilder shown = new StringBuilder();
            for (String field : line.split(" ")) {
                if (field.startsWith("flags=") || field.startsWith("multi=")) {
                    shown.append(field).append(' ');
                }
            }
            others.add(shown.toString().strip());
        }
        others.sort(null);
        return others;
    }

    @Test
    void shouldDropTheHeldCommandOfAClientThatCloses(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient ctl = RespClient.connect(port)) {
                ctl.call("DEL", "{p}z");
                t.add(ctl.call("CLIENT", "PAUSE", "100000", "WRITE"));
                RespClient a = RespClient.connect(port);
                a.send("SET", "{p}z", "1");
                awaitBlocked(ctl, 1);
                a.close();
                awaitBlocked(ctl, 0);
                t.add(ctl.call("CLIENT", "UNPAUSE"));
                t.add(ctl.call("GET", "{p}z"));
                t.add(ctl.call("PING"));
            }
            return t;
        });
    }

    @Test
    void shouldHoldEveryCommandUnderAnAllPauseUntilItsTimeoutWhileTheAdminPortCarriesOn(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        try (RespClient ctl = RespClient.connect(server.port()); RespClient a = RespClient.connect(server.port());
             RespClient admin = RespClient.connect(server.adminPort())) {
            a.call("SET", "{p}all", "v");
            long start = System.nanoTime();
            assertThat(ctl.call("CLIENT", "PAUSE", "2000", "ALL")).isEqualTo("OK");
            // the pauser's own next command waits too, and so does a read
            ctl.send("PING");
            a.send("GET", "{p}all");
            awaitBlocked(admin, 2);
            assertThat((String) admin.call("CLIENT", "LIST")).contains("flags=b");
            assertThat(ctl.read()).isEqualTo("PONG");
            assertThat(a.read()).isEqualTo("v");
            assertThat(System.nanoTime() - start).as("held until the pause's end")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2000));
            assertThat(infoField(admin, "clients", "blocked_clients")).isZero();
        }
    }

    @Test
    void shouldKeepTheStricterModeAndTheLaterEndWhenPausesOverlap(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        try (RespClient ctl = RespClient.connect(server.port()); RespClient a = RespClient.connect(server.port());
             RespClient admin = RespClient.connect(server.adminPort())) {
            a.call("SET", "{p}m", "v");
            assertThat(ctl.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("OK");
            assertThat(ctl.call("CLIENT", "PAUSE", "1", "ALL")).isEqualTo("OK");
            // ALL, until the WRITE pause's end: a read waits, and goes on waiting after the shorter pause's end
            a.send("GET", "{p}m");
            awaitBlocked(admin, 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> infoField(admin, "clients", "blocked_clients") == 1);
            assertThat(a.hasUnreadBytes()).isFalse();
            // the administration port is never paused, and may end the pause
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("OK");
            assertThat(a.read()).isEqualTo("v");
            // a shorter, laxer pause over an ALL pause: still ALL
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "ALL")).isEqualTo("OK");
            assertThat(admin.call("CLIENT", "PAUSE", "1", "WRITE")).isEqualTo("OK");
            a.send("GET", "{p}m");
            awaitBlocked(admin, 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> infoField(admin, "clients", "blocked_clients") == 1);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("OK");
            assertThat(a.read()).isEqualTo("v");
        }
    }

    @Test
    void shouldNotExpireKeysActivelyWhilePaused(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        try (RespClient c = RespClient.connect(server.port()); RespClient admin = RespClient.connect(server.adminPort())) {
            assertThat(c.call("FLUSHALL")).isEqualTo("OK");
            assertThat(c.call("SET", "{p}e", "v", "PX", "50")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("OK");
            // nobody reads the key, so only active expiry could remove it
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> (Long) c.call("DBSIZE") == 1L);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> (Long) c.call("DBSIZE") == 0L);
        }
    }

    @Test
    void shouldPauseAndResumeLettuceAndRedisCliClients(RunningServer server) throws Exception {
        kronotopAdminPort = server.adminPort();
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> lettuce = client.connect();
             RespClient admin = RespClient.connect(server.adminPort())) {
            assertThat(RedisCli.run(server.port(), "CLIENT", "PAUSE", "100000", "WRITE").strip()).isEqualTo("OK");
            assertThat(lettuce.sync().get("{p}lettuce")).isNull();
            RedisFuture<String> set = lettuce.async().set("{p}lettuce", "v");
            awaitBlocked(admin, 1);
            assertThat(set.isDone()).isFalse();
            assertThat(RedisCli.run(server.port(), "CLIENT", "UNPAUSE").strip()).isEqualTo("OK");
            assertThat(set.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(lettuce.sync().get("{p}lettuce")).isEqualTo("v");
            // Lettuce's own CLIENT PAUSE (mode ALL) ends by its timeout
            assertThat(lettuce.sync().clientPause(200)).isEqualTo("OK");
            assertThat(lettuce.sync().get("{p}lettuce")).isEqualTo("v");
        } finally {
            client.shutdown();
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
