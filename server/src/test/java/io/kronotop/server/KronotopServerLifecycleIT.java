package io.kronotop.server;

import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.transport.ServerStartException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting and stopping {@link KronotopServer} instances directly: graceful close and ports already in use. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KronotopServerLifecycleIT {
    @TempDir
    Path dataDir;

    /** These tests start and stop servers themselves, without {@code @RealServer}: check for leaks here. */
    @org.junit.jupiter.api.AfterAll
    static void shouldLeakNoBuffers() {
        io.kronotop.server.testing.LeakTracker.assertNoLeaks();
    }

    private KronotopServer start(String... extra) {
        return start(dataDir, extra);
    }

    private static KronotopServer start(Path dataDir, String... extra) {
        KronotopConfig.Builder builder = KronotopConfig.builder()
            .set("data.dir", dataDir.toString())
            .set("server.port", "0")
            .set("admin.port", "0")
            .set("server.reactors", "1")
            .set("server.shutdown.grace_ms", "200");
        for (String assignment : extra) {
            builder.set(assignment);
        }
        return KronotopServer.start(builder.build());
    }

    @Test
    void shouldPublishTheBoundPortsInThePortsFile() throws IOException {
        try (KronotopServer server = start()) {
            String ports = Files.readString(dataDir.resolve(KronotopServer.PORTS_FILE), StandardCharsets.UTF_8);
            assertThat(ports).isEqualTo("client=" + server.port() + "\nadmin=" + server.adminPort() + "\n");
            assertThat(server.port()).isPositive().isNotEqualTo(server.adminPort());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"io_uring", "epoll", "nio"})
    void shouldServeOnEveryConfiguredTransport(String transport, @TempDir Path ownDataDir) {
        try (KronotopServer server = start(ownDataDir, "server.transport=" + transport, "server.reactors=2");
             RespClient c = RespClient.connect(server.port())) {
            assertThat(server.transport()).isEqualTo(transport);
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat((String) c.call("INFO", "server", "reactors")).contains("transport:" + transport + "\r\n");
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 1_000; i++) {
                batch.writeBytes(RespClient.encode("ECHO", "t" + i));
            }
            c.sendRaw(batch.toByteArray());
            for (int i = 0; i < 1_000; i++) {
                assertThat(c.read()).isEqualTo("t" + i);
            }
        }
    }

    /** printf 'PING\r\n' | nc -N host port: the client half-closes after its requests and still gets every reply. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"io_uring", "epoll", "nio"})
    void shouldAnswerEveryRequestOfAClientThatHalfClosesAfterSending(String transport, @TempDir Path ownDataDir)
        throws IOException {
        try (KronotopServer server = start(ownDataDir, "server.transport=" + transport);
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(15_000);
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            batch.writeBytes("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1_000; i++) {
                batch.writeBytes(RespClient.encode("ECHO", "h" + i));
            }
            socket.getOutputStream().write(batch.toByteArray());
            socket.shutdownOutput();
            byte[] replies = socket.getInputStream().readAllBytes(); // up to the server's close
            StringBuilder expected = new StringBuilder("+PONG\r\n");
            for (int i = 0; i < 1_000; i++) {
                String value = "h" + i;
                expected.append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
            }
            assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        }
    }

    @Test
    void shouldCloseConnectionsAndStopAcceptingOnClose() throws InterruptedException {
        KronotopServer server = start();
        int port = server.port();
        int adminPort = server.adminPort();
        try (RespClient client = RespClient.connect(port); RespClient admin = RespClient.connect(adminPort)) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(admin.call("PING")).isEqualTo("PONG");

            server.close();
            server.awaitStopped();

            assertThat(client.isClosedByServer()).isTrue();
            assertThat(admin.isClosedByServer()).isTrue();
        }
        assertConnectionRefused(port);
        assertConnectionRefused(adminPort);
        server.close(); // idempotent
    }

    @Test
    void shouldDeliverRepliesInOrderUpToTheCloseWhenStoppedMidPipeline() {
        KronotopServer server = start();
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 5_000; i++) {
                batch.writeBytes(RespClient.encode("ECHO", "m" + i));
            }
            c.sendRaw(batch.toByteArray());
            server.close();
            // Whatever was answered before the close is complete and in order; then the connection ends.
            int answered = 0;
            while (true) {
                Object reply;
                try {
                    reply = c.read();
                } catch (java.io.UncheckedIOException e) {
                    assertThat(e.getCause()).as("the server closed the connection")
                        .isNotInstanceOf(java.net.SocketTimeoutException.class);
                    break;
                }
                assertThat(reply).isEqualTo("m" + answered);
                answered++;
            }
            assertThat(answered).isLessThanOrEqualTo(5_000);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldReleaseEveryConnectionBufferWhenStoppedWithClientsConnected() {
        KronotopServer server = start("server.reactors=2");
        List<RespClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                RespClient c = RespClient.connect(i % 2 == 0 ? server.port() : server.adminPort());
                assertThat(c.call("PING")).isEqualTo("PONG");
                c.sendRaw("*2\r\n$4\r\nECHO\r\n$10\r\npartial"); // an incomplete request stays buffered
                clients.add(c);
            }
            server.close();
            server = null;
            io.kronotop.server.testing.LeakTracker.assertNoLeaks();
        } finally {
            clients.forEach(RespClient::close);
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void shouldFailToStartOnAClientPortAlreadyInUse(@TempDir Path otherDataDir) {
        try (KronotopServer first = start()) {
            assertThatThrownBy(() -> start(otherDataDir, "server.port=" + first.port()))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("already in use")
                .hasMessageContaining(Integer.toString(first.port()));
            try (RespClient c = RespClient.connect(first.port())) {
                assertThat(c.call("PING")).isEqualTo("PONG");
            }
        }
    }

    @Test
    void shouldFailToStartOnAnAdminPortAlreadyInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start("admin.port=" + taken.getLocalPort()))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("admin port")
                .hasMessageContaining("already in use");
        }
        // The failed start released what it had bound: a new server starts in the same data directory.
        try (KronotopServer again = start(); RespClient c = RespClient.connect(again.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    private static void assertConnectionRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
