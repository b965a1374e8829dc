package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MONITOR through the real server: redis-cli's monitor mode, the lines' format and escaping, what is shown and
 * hidden, a monitor's own commands, RESET, and a monitor that does not read, which is closed at its output limit
 * (1 MiB here) while the server and the other clients carry on.
 */
@RealServer(config = "server.monitor.max_output_bytes=1048576")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorIT {
    /** A line without its time and address, which vary. */
    private static String body(Object line) {
        String text = (String) line;
        assertThat(text).matches("\\d{10}\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] .*");
        return text.substring(text.indexOf("] ") + 2);
    }

    @Test
    void shouldStreamEveryCommandRunInRedisFormat(RunningServer server) {
        try (RespClient monitor = RespClient.connect(server.port()); RespClient c = RespClient.connect(server.port())) {
            assertThat(monitor.call("MONITOR")).isEqualTo("OK");
            // binary arguments, quoted with C escapes
            c.sendRaw("*3\r\n$3\r\nSET\r\n$5\r\na\"b\nc\r\n$4\r\n\u0000\t\\ \r\n");
            assertThat(c.read()).isEqualTo("OK");
            assertThat(body(monitor.read())).isEqualTo("\"SET\" \"a\\\"b\\nc\" \"\\x00\\t\\\\ \"");
            // refused commands are not shown; AUTH is redacted; admin commands are not shown
            assertThat(c.call("GET", "a", "b")).isInstanceOf(RespClient.Err.class);
            assertThat(c.call("NOSUCHCOMMAND")).isInstanceOf(RespClient.Err.class);
            assertThat(c.call("AUTH", "secret")).isInstanceOf(RespClient.Err.class);
            assertThat(body(monitor.read())).isEqualTo("\"AUTH\" \"(redacted)\"");
            assertThat(c.call("CONFIG", "GET", "maxmemory")).isInstanceOf(List.class);
            assertThat(c.call("CLIENT", "LIST")).isInstanceOf(String.class);
            assertThat(c.call("HELLO", "2", "AUTH", "default", "secret")).isInstanceOf(List.class);
            assertThat(body(monitor.read())).isEqualTo("\"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"");
            // a transaction's commands when EXEC runs them, then EXEC
            c.sendRaw("MULTI\r\nhset h f v\r\nEXEC\r\n");
            assertThat(c.read()).isEqualTo("OK");
            assertThat(c.read()).isEqualTo("QUEUED");
            assertThat(c.read()).isEqualTo(List.of(1L));
            assertThat(body(monitor.read())).isEqualTo("\"MULTI\"");
            assertThat(body(monitor.read())).isEqualTo("\"hset\" \"h\" \"f\" \"v\"");
            assertThat(body(monitor.read())).isEqualTo("\"EXEC\"");
            // the monitor is flagged O, may not touch keys, may PING (shown), ignores a second MONITOR
            assertThat((String) c.call("CLIENT", "LIST")).contains("flags=O");
            assertThat(monitor.call("GET", "a"))
                .isEqualTo(new RespClient.Err("ERR Replica can't interact with the keyspace"));
            monitor.send("MONITOR");
            assertThat(monitor.call("PING")).isEqualTo("PONG");
            assertThat(body(monitor.read())).isEqualTo("\"PING\"");
            // RESET leaves monitor mode: the next reply is its own, with no line for the GET in between
            assertThat(monitor.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("GET", "h")).isInstanceOf(RespClient.Err.class);
            assertThat(monitor.call("ECHO", "after")).isEqualTo("after");
            assertThat((String) c.call("CLIENT", "LIST")).doesNotContain("flags=O");
        }
    }

    @Test
    void shouldFeedRedisCliMonitor(RunningServer server) throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(server.port()), "MONITOR")
            .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        });
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(c.call("SET", "cli:key", "two words")).isEqualTo("OK");
            assertThat(c.call("GET", "cli:key")).isEqualTo("two words");
            assertThat(body(lines.poll(30, TimeUnit.SECONDS))).isEqualTo("\"SET\" \"cli:key\" \"two words\"");
            assertThat(body(lines.poll(30, TimeUnit.SECONDS))).isEqualTo("\"GET\" \"cli:key\"");
        } finally {
            cli.destroy();
            assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void shouldCloseAMonitorThatDoesNotReadAndKeepServingOthers(RunningServer server) throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            OutputStream out = stalled.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (RespClient admin = RespClient.connect(server.port())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ((String) admin.call("CLIENT", "LIST"))
                    .contains("flags=O"));
            }
            // about 20 MiB of lines for a monitor that never reads
            RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisAsyncCommands<String, String> async = connection.async();
                String value = "x".repeat(1000);
                List<io.lettuce.core.RedisFuture<String>> writes = new java.util.ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    writes.add(async.set("flood:" + (i % 100), value));
                }
                for (io.lettuce.core.RedisFuture<String> write : writes) {
                    assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo("OK");
                }
                try (RespClient admin = RespClient.connect(server.port())) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> !((String) admin.call("CLIENT", "LIST"))
                        .contains("flags=O"));
                    assertThat(admin.call("GET", "flood:7")).isEqualTo(value);
                }
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown();
            }
            // the server closed the stalled monitor: once what was buffered is read, the stream ends
            stalled.setSoTimeout(10_000);
            byte[] buffer = new byte[1 << 16];
            try {
                while (stalled.getInputStream().read(buffer) >= 0) {
                    // drain
                }
            } catch (IOException e) {
                if (!e.getMessage().contains("reset")) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
