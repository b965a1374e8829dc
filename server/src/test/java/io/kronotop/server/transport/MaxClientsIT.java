package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code server.max_clients}: the connection over the limit is told so and closed; the others keep working. */
@RealServer(config = "server.max_clients=3")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaxClientsIT {
    private static final Err MAX_CLIENTS = new Err("ERR max number of clients reached");

    @Test
    void shouldRejectTheConnectionOverTheLimitAndAcceptOneAgainAfterAClose(RunningServer server) {
        try (RespClient first = RespClient.connect(server.port());
             RespClient second = RespClient.connect(server.port());
             RespClient third = RespClient.connect(server.adminPort())) {
            assertThat(first.call("PING")).isEqualTo("PONG");
            assertThat(second.call("PING")).isEqualTo("PONG");
            assertThat(third.call("PING")).isEqualTo("PONG");

            String received = field((String) first.call("INFO", "stats"), "total_connections_received");
            try (RespClient over = RespClient.connect(server.port())) {
                assertThat(over.read()).isEqualTo(MAX_CLIENTS);
                assertThat(over.isClosedByServer()).isTrue();
            }
            try (RespClient overOnAdmin = RespClient.connect(server.adminPort())) {
                assertThat(overOnAdmin.read()).isEqualTo(MAX_CLIENTS);
                assertThat(overOnAdmin.isClosedByServer()).isTrue();
            }
            assertThat(first.call("PING")).isEqualTo("PONG");
            String stats = (String) first.call("INFO", "stats");
            assertThat(stats).contains("rejected_connections:2\r\n");
            assertThat(field(stats, "total_connections_received")).isEqualTo(received);

            second.close();
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                try (RespClient next = RespClient.connect(server.port())) {
                    assertThat(next.call("PING")).isEqualTo("PONG");
                }
            });
        }
    }

    private static String field(String info, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + ":(\\d+)$").matcher(info);
        assertThat(m.find()).as(name + " in " + info).isTrue();
        return m.group(1);
    }
}
