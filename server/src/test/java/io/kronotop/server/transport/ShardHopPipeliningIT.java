package io.kronotop.server.transport;

import io.kronotop.server.redis.SlotHash;
import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines across shards owned by several reactors, the shape of a memtier run at pipeline 16: many connections
 * (spread over the reactors), each keeping 16 commands in flight whose keys land on every shard, so most replies
 * come back from another reactor, interleaved with replies produced inline. Every reply must arrive, in request
 * order, with the value the connection's own earlier SET wrote; a lost hand-over (a batch whose owner never
 * runs it, replies never flushed, reading left off) shows up as a connection that stops getting replies, caught
 * by the deadline rather than by a sleep.
 */
@RealServer(config = {"cluster.redis.shards=8", "server.reactors=3"})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShardHopPipeliningIT {
    private static final int CONNECTIONS = 24;
    private static final int WINDOWS = 300;
    private static final int PIPELINE = 16;
    private static final int KEYS_PER_CONNECTION = 64;

    @Test
    void shouldAnswerEveryPipelinedCommandInOrderWhenKeysSpanShardsOnSeveralReactors(RunningServer server)
        throws Exception {
        BitSet shardsHit = new BitSet();
        for (int c = 0; c < CONNECTIONS; c++) {
            for (int k = 0; k < KEYS_PER_CONNECTION; k++) {
                shardsHit.set(SlotHash.slot(key(c, k).getBytes(StandardCharsets.UTF_8)) * 8 / SlotHash.SLOTS);
            }
        }
        assertThat(shardsHit.cardinality()).as("keys cover every shard").isEqualTo(8);

        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<CompletableFuture<Long>> runs = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                runs.add(CompletableFuture.supplyAsync(() -> runConnection(server.port(), connection), pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0]));
            await().atMost(Duration.ofSeconds(150)).until(all::isDone);
            long replies = 0;
            for (CompletableFuture<Long> run : runs) {
                replies += run.join();
            }
            assertThat(replies).isEqualTo((long) CONNECTIONS * WINDOWS * PIPELINE);
        } finally {
            pool.shutdownNow();
        }
        try (RespClient c = RespClient.connect(server.port())) {
            // Each connection's counter was incremented once per window, on whichever reactor owns it.
            for (int conn = 0; conn < CONNECTIONS; conn++) {
                assertThat(c.call("GET", "hop:counter:" + conn)).isEqualTo(Integer.toString(WINDOWS));
            }
            // Hops of several connections' counters passed through DBSIZE's fan-out too: it still answers.
            assertThat(c.call("DBSIZE")).isInstanceOf(Long.class);
        }
    }

    private static String key(int connection, int k) {
        return "hop:" + connection + ":" + k;
    }

    /** One closed-loop connection: {@value #WINDOWS} windows of {@value #PIPELINE} commands; returns replies read. */
    private static long runConnection(int port, int connection) {
        long replies = 0;
        try (RespClient c = RespClient.connect(port)) {
            for (int w = 0; w < WINDOWS; w++) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                List<Object> expected = new ArrayList<>(PIPELINE);
                // SET then GET of the same key in one window: the GET must see the SET even when both hop.
                for (int i = 0; i < PIPELINE - 2; i += 2) {
                    String key = key(connection, (w * 7 + i) % KEYS_PER_CONNECTION);
                    String value = "v" + connection + "-" + w + "-" + i;
                    batch.writeBytes(RespClient.encode("SET", key, value));
                    expected.add("OK");
                    batch.writeBytes(RespClient.encode("GET", key));
                    expected.add(value);
                }
                batch.writeBytes(RespClient.encode("INCR", "hop:counter:" + connection));
                expected.add((long) w + 1);
                // Every 50th window a command over every shard joins the pipeline behind the hops.
                if (w % 50 == 49) {
                    batch.writeBytes(RespClient.encode("DBSIZE"));
                    expected.add(null);
                } else {
                    batch.writeBytes(RespClient.encode("PING"));
                    expected.add("PONG");
                }
                c.sendRaw(batch.toByteArray());
                for (int i = 0; i < PIPELINE; i++) {
                    Object reply = c.read();
                    Object want = expected.get(i);
                    if (want == null ? !(reply instanceof Long) : !want.equals(reply)) {
                        throw new AssertionError("connection " + connection + ", window " + w + ", reply " + i
                            + ": " + reply + ", expected " + (want == null ? "an integer" : want));
                    }
                    replies++;
                }
            }
        }
        return replies;
    }
}
