package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin port serves its own command table; today it holds the same connection and server commands. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminPortIT {

    @Test
    void shouldServeConnectionAndServerCommandsOnTheAdminPort(RunningServer server) {
        try (RespClient admin = RespClient.connect(server.adminPort())) {
            assertThat(admin.call("PING")).isEqualTo("PONG");
            assertThat(admin.call("ECHO", "admin")).isEqualTo("admin");
            assertThat(admin.call("HELLO", "3")).isInstanceOf(Map.class);
            assertThat((String) admin.call("CLIENT", "INFO")).contains(" port=admin",
                " laddr=127.0.0.1:" + server.adminPort());
            assertThat((String) admin.call("INFO", "server")).contains("admin_port:" + server.adminPort());
            assertThat(admin.call("CONFIG", "GET", "appendonly")).isEqualTo(Map.of("appendonly", "no"));
        }
        assertThat(RedisCli.run(server.adminPort(), "PING")).isEqualTo("PONG");
    }

    @Test
    void shouldDescribeTheSameCommandSetOnBothPortsToday(RunningServer server) {
        try (RespClient admin = RespClient.connect(server.adminPort());
             RespClient client = RespClient.connect(server.port())) {
            assertThat(asList(admin.call("COMMAND", "LIST")))
                .containsExactlyInAnyOrderElementsOf(asList(client.call("COMMAND", "LIST")));
            assertThat(admin.call("COMMAND", "COUNT")).isEqualTo(client.call("COMMAND", "COUNT"));
        }
    }

    @Test
    void shouldListConnectionsOfBothPortsInClientList(RunningServer server) {
        try (RespClient admin = RespClient.connect(server.adminPort());
             RespClient client = RespClient.connect(server.port())) {
            long clientId = (Long) client.call("CLIENT", "ID");
            long adminId = (Long) admin.call("CLIENT", "ID");
            String list = (String) admin.call("CLIENT", "LIST", "ID", Long.toString(clientId), Long.toString(adminId));
            assertThat(list.lines()).hasSize(2);
            assertThat(list).contains("id=" + clientId + " ").contains(" port=client", " port=admin");
        }
    }
}
