package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 1,000 connections open at once, each answered; INFO counts them and forgets them once closed. */
@RealServer
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConcurrentConnectionsIT {
    private static final int CONNECTIONS = 1_000;
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "+PONG\r\n";

    @Test
    void shouldServeAThousandConcurrentConnectionsAndCountThemInInfo(RunningServer server) throws IOException {
        List<SocketChannel> channels = new ArrayList<>(CONNECTIONS);
        try (RespClient observer = RespClient.connect(server.port())) {
            try {
                InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
                for (int i = 0; i < CONNECTIONS; i++) {
                    channels.add(SocketChannel.open(address));
                }
                // Every connection has a request in flight before any reply is read.
                for (SocketChannel channel : channels) {
                    channel.write(ByteBuffer.wrap(PING));
                }
                for (int i = 0; i < channels.size(); i++) {
                    assertThat(readReply(channels.get(i), PONG.length())).as("connection %d", i).isEqualTo(PONG);
                }

                String info = (String) observer.call("INFO", "clients", "reactors");
                assertThat(field(info, "connected_clients")).isEqualTo(CONNECTIONS + 1);
                int perReactor = 0;
                Matcher reactor = Pattern.compile("reactor_\\d+:connections=(\\d+)").matcher(info);
                while (reactor.find()) {
                    perReactor += Integer.parseInt(reactor.group(1));
                }
                assertThat(perReactor).isEqualTo(CONNECTIONS + 1);
            } finally {
                for (SocketChannel channel : channels) {
                    channel.close();
                }
            }
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(field((String) observer.call("INFO", "clients"), "connected_clients")).isEqualTo(1));
            assertThat(observer.call("PING")).isEqualTo("PONG");
        }
    }

    private static String readReply(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed after " + buffer.position() + " bytes");
            }
        }
        return new String(buffer.array(), StandardCharsets.US_ASCII);
    }

    private static int field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":(\\d+)$").matcher(info);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + info);
        }
        return Integer.parseInt(m.group(1));
    }
}
