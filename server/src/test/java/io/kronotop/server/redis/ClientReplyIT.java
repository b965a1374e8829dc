package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
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
 * CLIENT REPLY ON|OFF|SKIP. Each scenario sends its commands as one pipeline, ends it with a {@code PING} whose
 * message marks the end, and records every reply that came before it: redis-server and this server must send the
 * same ones. Sync durability, so that the replies of writes wait for their flush (and, with two reactors, some for
 * another reactor) before they are dropped or sent.
 */
@RealServer(config = "stash.durability=sync")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientReplyIT extends SideBySide {
    @AfterEach
    void flush() {
        onBoth("FLUSHALL");
    }

    private static List<byte[]> command(String line) {
        List<byte[]> args = new ArrayList<>();
        for (String a : line.split(" ")) {
            args.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return args;
    }

    /** Sends {@code lines} and an end marker in one write; returns the replies before the marker's. */
    private static List<Object> pipeline(RawClient c, List<String> lines) {
        String marker = "end-" + System.nanoTime();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String line : lines) {
            bytes.writeBytes(RawClient.encode(command(line)));
        }
        bytes.writeBytes(RawClient.encode(command("PING " + marker)));
        c.sendRaw(bytes.toByteArray());
        Reply end = Reply.scalar('$', marker.getBytes(StandardCharsets.UTF_8));
        List<Object> replies = new ArrayList<>();
        for (Reply r = c.read(); !r.equals(end); r = c.read()) {
            replies.add(r.toString());
            assertThat(replies).as("replies before the marker").hasSizeLessThan(lines.size() + 1);
        }
        return replies;
    }

    private static List<Object> transcript(int port, boolean resp3, List<String> lines) {
        try (RawClient c = new RawClient(port)) {
            List<Object> t = new ArrayList<>();
            if (resp3) {
                c.call("HELLO", "3");
            }
            t.addAll(pipeline(c, lines));
            // and replies are on again for what follows, one command at a time
            t.add(c.call("GET", "{r}a").toString());
            return t;
        }
    }

    private static final List<String> MODES = List.of(
        "CLIENT REPLY OFF",
        "SET {r}a 1",
        "GET {r}a",
        "NOSUCHCOMMAND x",
        "GET",
        "HSET {r}a f v",
        "CLIENT REPLY SKIP",
        "INCR {r}n",
        "CLIENT REPLY ON",
        "GET {r}n",
        "CLIENT REPLY SKIP",
        "SET {r}a 2",
        "GET {r}a",
        "CLIENT REPLY SKIP",
        "CLIENT REPLY BAR",
        "CLIENT REPLY BAR",
        "CLIENT REPLY SKIP",
        "CLIENT REPLY ON",
        "CLIENT REPLY SKIP",
        "CLIENT REPLY SKIP",
        "GET {r}a",
        "GET {r}n",
        "CLIENT REPLY",
        "CLIENT REPLY OFF",
        "RESET",
        "HSET {r}h f v",
        "HGETALL {r}h");

    @Test
    void shouldDropRepliesAsRedisDoesInResp2(RunningServer server) {
        same(server, port -> transcript(port, false, MODES));
    }

    @Test
    void shouldDropRepliesAsRedisDoesInResp3(RunningServer server) {
        same(server, port -> transcript(port, true, MODES));
    }

    @Test
    void shouldApplyEveryWriteMadeWithRepliesOff(RunningServer server) {
        List<String> lines = new ArrayList<>();
        lines.add("CLIENT REPLY OFF");
        for (int i = 0; i < 300; i++) {
            lines.add("SET k" + i + " v" + i); // keys of every shard: some replies wait on the other reactor
            lines.add("INCR {c}n");
            lines.add("HINCRBY {c}h f 2");
        }
        lines.add("DEL k7");
        lines.add("CLIENT REPLY ON");
        lines.add("GET {c}n");
        lines.add("HGET {c}h f");
        lines.add("GET k0");
        lines.add("GET k299");
        lines.add("EXISTS k7");
        lines.add("DBSIZE");
        same(server, port -> {
            try (RawClient c = new RawClient(port)) {
                return pipeline(c, lines);
            }
        });
        try (RawClient c = new RawClient(server.port())) {
            assertThat(pipeline(c, List.of("GET {c}n", "DBSIZE"))).containsExactly("$300", ":301");
        }
    }

    @Test
    void shouldSkipTheReplyOfACommandHeldByAPauseOnceItRuns(RunningServer server) {
        kronotopAdminPort = server.adminPort();
        same(server, port -> {
            List<Object> t = new ArrayList<>();
            try (RespClient pauser = RespClient.connect(port); RawClient c = new RawClient(port)) {
                t.add(pauser.call("CLIENT", "PAUSE", "100000", "WRITE"));
                String marker = "after-pause";
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                for (String line : List.of("CLIENT REPLY SKIP", "SET p 1", "GET p", "PING " + marker)) {
                    bytes.writeBytes(RawClient.encode(command(line)));
                }
                c.sendRaw(bytes.toByteArray());
                await().atMost(Duration.ofSeconds(10))
                    .until(() -> infoField(pauser, "clients", "blocked_clients") == 1);
                t.add(pauser.call("CLIENT", "UNPAUSE"));
                t.add(c.read().toString()); // GET p, the SET's reply dropped
                t.add(c.read().toString());
            }
            return t;
        });
    }

    /**
     * Commands whose reply comes after the connection waited for other work (a metastore transaction for ZSET and
     * ZGET, a save for SAVE, the replies ahead for UNWATCH) are dropped or sent like the others.
     */
    @Test
    void shouldDropTheRepliesOfCommandsThatWaitForOtherWork(RunningServer server) {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(pipeline(c, List.of("CLIENT REPLY OFF", "ZSET zk zv", "SET {u}a 1", "SAVE", "ZGET zk",
                "UNWATCH", "CLIENT REPLY ON", "ZGET zk", "CLIENT REPLY SKIP", "SAVE", "CLIENT REPLY SKIP", "ZGET zk",
                "CLIENT REPLY SKIP", "UNWATCH", "ZGET zk")))
                .containsExactly("+OK", "$zv", "$zv");
        }
    }

    /**
     * Redis lets CLIENT REPLY run inside a transaction, and EXEC then answers an array that lacks the elements of
     * the replies turned off: a client can no longer read the stream. This server refuses it there, as it refuses
     * every command not allowed in a transaction, and the EXEC is aborted.
     */
    @Test
    void shouldRefuseClientReplyInsideATransaction(RunningServer server) {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(pipeline(c, List.of("MULTI", "CLIENT REPLY OFF", "SET t 1", "EXEC", "EXISTS t")))
                .containsExactly("+OK", "-ERR Command not allowed inside a transaction", "+QUEUED",
                    "-EXECABORT Transaction discarded because of previous errors.", ":0");
        }
    }
}
