package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin port serves its own command table: the connection and server commands, not the data commands. */
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
    void shouldServeItsOwnCommandTableWithTheConnectionAndServerCommands(RunningServer server) {
        try (RespClient admin = RespClient.connect(server.adminPort());
             RespClient client = RespClient.connect(server.port())) {
            List<Object> adminCommands = asList(admin.call("COMMAND", "LIST"));
            List<Object> clientCommands = asList(client.call("COMMAND", "LIST"));
            assertThat(adminCommands).contains("ping", "echo", "hello", "auth", "select", "quit", "reset", "time",
                "client", "client|kill", "info", "command", "config", "config|get");
            // Apart from the admin-only families (volume.*, kr.admin), the admin table is a subset of the client one.
            assertThat(clientCommands).containsAll(adminCommands.stream()
                .filter(name -> !((String) name).startsWith("volume.") && !((String) name).startsWith("kr.admin"))
                .toList());
            assertThat(admin.call("COMMAND", "COUNT")).isEqualTo((long) asList(admin.call("COMMAND")).size());
            // A command only the client port serves is unknown on the admin port.
            clientCommands.stream().map(String.class::cast)
                .filter(name -> !name.contains("|") && !adminCommands.contains(name))
                .findFirst()
                .ifPresent(name -> assertThat(admin.call(name)).isEqualTo(
                    new RespClient.Err("ERR unknown command '" + name + "', with args beginning with: ")));
            // And an administrative command is unknown on the client port.
            assertThat(adminCommands).contains("volume.admin", "kr.admin");
            assertThat(client.call("KR.ADMIN", "DESCRIBE-MEMBER")).isEqualTo(new RespClient.Err(
                "ERR unknown command 'KR.ADMIN', with args beginning with: 'DESCRIBE-MEMBER' "));
            assertThat(client.call("VOLUME.ADMIN", "LIST")).isEqualTo(
                new RespClient.Err("ERR unknown command 'VOLUME.ADMIN', with args beginning with: 'LIST' "));
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
