package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** 10,000 commands pipelined on one connection: every reply arrives, in order. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeliningIT {
    private static final int COMMANDS = 10_000;
    private static RedisClient client;

    @org.junit.jupiter.api.BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @org.junit.jupiter.api.AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @Test
    void shouldAnswerTenThousandPipelinedCommandsInOrderOverARawSocket(RunningServer server) throws Exception {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < COMMANDS; i++) {
            batch.writeBytes(i % 3 == 0 ? RespClient.encode("PING") : RespClient.encode("ECHO", "message-" + i));
        }
        byte[] bytes = batch.toByteArray();
        try (RespClient c = RespClient.connect(server.port())) {
            // Written from another thread while this one reads, so neither side's socket buffer can stall the test.
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().name("pipeline-writer").start(() -> {
                try {
                    c.sendRaw(bytes);
                } catch (RuntimeException e) {
                    writeFailure.set(e);
                }
            });
            for (int i = 0; i < COMMANDS; i++) {
                Object expected = i % 3 == 0 ? "PONG" : "message-" + i;
                Object reply = c.read();
                if (!expected.equals(reply)) {
                    throw new AssertionError("reply " + i + " was " + reply + ", expected " + expected);
                }
            }
            writer.join();
            assertThat(writeFailure.get()).isNull();
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldDeliverEveryLargeReplyToAClientThatReadsSlowerThanItWrites(RunningServer server) throws Exception {
        // 2,000 x 16 KiB replies (32 MiB) into a 4 KiB receive window: the server's outbound buffer passes its
        // high-water mark, it stops reading, then resumes as the client drains.
        String value = "v".repeat(16 * 1024);
        int count = 2_000;
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            batch.writeBytes(RespClient.encode("ECHO", i + ":" + value));
        }
        byte[] bytes = batch.toByteArray();
        try (RespClient c = RespClient.connect(server.port(), 4096)) {
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().name("slow-reader-writer").start(() -> {
                try {
                    c.sendRaw(bytes);
                } catch (RuntimeException e) {
                    writeFailure.set(e);
                }
            });
            for (int i = 0; i < count; i++) {
                String reply = (String) c.read();
                if (!reply.equals(i + ":" + value)) {
                    throw new AssertionError("reply " + i + " starts with " + reply.substring(0, 16));
                }
            }
            writer.join();
            assertThat(writeFailure.get()).isNull();
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldAnswerTenThousandCommandsFlushedAtOnceByLettuce(ProtocolVersion protocol, RunningServer server) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        try (StatefulRedisConnection<String, String> connection =
                 client.connect(RedisURI.create(server.host(), server.port()))) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<String>> futures = new ArrayList<>(COMMANDS);
            for (int i = 0; i < COMMANDS; i++) {
                futures.add(async.echo("value-" + i));
            }
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(30, TimeUnit.SECONDS, futures.toArray(new RedisFuture<?>[0]))).isTrue();
            for (int i = 0; i < COMMANDS; i++) {
                assertThat(futures.get(i).toCompletableFuture().join()).isEqualTo("value-" + i);
            }
            connection.setAutoFlushCommands(true);
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
    }
}
