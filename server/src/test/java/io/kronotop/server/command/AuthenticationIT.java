package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server with {@code auth.requirepass}: NOAUTH gating, AUTH, HELLO AUTH, RESET, through raw RESP, Lettuce and redis-cli. */
@RealServer(config = "auth.requirepass=s3cret")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationIT {
    private static final String PASSWORD = "s3cret";
    private static final Err NOAUTH = new Err("NOAUTH Authentication required.");
    private static final Err WRONGPASS = new Err("WRONGPASS invalid username-password pair or user is disabled.");
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @Test
    void shouldBoundFramesOfUnauthenticatedClientsLikeRedis(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            String[] eleven = {"CONFIG", "GET", "a", "b", "c", "d", "e", "f", "g", "h", "i"};
            assertThat(c.call(eleven)).isEqualTo(new Err("ERR Protocol error: unauthenticated multibulk length"));
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("ECHO", "x".repeat(16385)))
                .isEqualTo(new Err("ERR Protocol error: unauthenticated bulk length"));
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(asList(c.call("CONFIG", "GET", "a", "b", "c", "d", "e", "f", "g", "h", "i"))).isEmpty();
            assertThat(c.call("ECHO", "x".repeat(16385))).isEqualTo("x".repeat(16385));
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("ECHO", "x".repeat(16385)))
                .isEqualTo(new Err("ERR Protocol error: unauthenticated bulk length"));
        }
    }

    @Test
    void shouldReplyNoauthBeforeAuth(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
            assertThat(c.call("ECHO", "x")).isEqualTo(NOAUTH);
            assertThat(c.call("SELECT", "0")).isEqualTo(NOAUTH);
            assertThat(c.call("TIME")).isEqualTo(NOAUTH);
            assertThat(c.call("INFO")).isEqualTo(NOAUTH);
            assertThat(c.call("COMMAND", "COUNT")).isEqualTo(NOAUTH);
            assertThat(c.call("CONFIG", "GET", "*")).isEqualTo(NOAUTH);
            assertThat(c.call("CLIENT", "ID")).isEqualTo(NOAUTH);
            assertThat(c.call("CLIENT", "SETNAME", "x")).isEqualTo(NOAUTH);
            assertThat(c.call("CLIENT", "HELP")).isEqualTo(NOAUTH);
        }
    }

    @Test
    void shouldCheckCommandShapeBeforeAuthenticationAsRedisDoes(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("NOSUCH", "x"))
                .isEqualTo(new Err("ERR unknown command 'NOSUCH', with args beginning with: 'x' "));
            assertThat(c.call("ECHO")).isEqualTo(new Err("ERR wrong number of arguments for 'echo' command"));
            assertThat(c.call("CLIENT")).isEqualTo(new Err("ERR wrong number of arguments for 'client' command"));
            assertThat(c.call("CLIENT", "x")).isEqualTo(new Err("ERR unknown subcommand 'x'. Try CLIENT HELP."));
            assertThat(c.call("CLIENT", "SETNAME"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'client|setname' command"));
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
        }
    }

    @Test
    void shouldRequireThePasswordOnTheAdminPortToo(RunningServer server) {
        try (RespClient admin = RespClient.connect(server.adminPort())) {
            assertThat(admin.call("PING")).isEqualTo(NOAUTH);
            assertThat(admin.call("CONFIG", "GET", "*")).isEqualTo(NOAUTH);
            assertThat(admin.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(admin.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldAllowQuitAndResetBeforeAuth(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
            assertThat(c.call("QUIT")).isEqualTo("OK");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldAuthenticateWithThePasswordAloneOrWithTheDefaultUser(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", "default", PASSWORD)).isEqualTo("OK");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldReplyWrongpassToAWrongPasswordOrUser(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", "wrong")).isEqualTo(WRONGPASS);
            assertThat(c.call("AUTH", "default", "wrong")).isEqualTo(WRONGPASS);
            assertThat(c.call("AUTH", "admin", PASSWORD)).isEqualTo(WRONGPASS);
            assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo(new Err("ERR syntax error"));
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
        }
    }

    @Test
    void shouldRequireAuthenticationBeforeHelloUnlessItCarriesAuth(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO", "3")).isEqualTo(new Err("NOAUTH HELLO must be called with the client already "
                + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate "
                + "the client and select the RESP protocol version at the same time"));
            assertThat(c.call("HELLO", "3", "AUTH", "default", "wrong")).isEqualTo(WRONGPASS);
            assertThat(c.call("PING")).isEqualTo(NOAUTH);

            Object hello = c.call("HELLO", "3", "AUTH", "default", PASSWORD, "SETNAME", "authed");
            assertThat(hello).isInstanceOf(Map.class);
            assertThat((asMap(hello)).get("proto")).isEqualTo(3L);
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("authed");
            // Once authenticated, a plain HELLO is fine.
            assertThat(c.call("HELLO", "2")).isInstanceOf(java.util.List.class);
        }
    }

    @Test
    void shouldAuthenticateAndStayOnResp2WithHello2Auth(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO")).isEqualTo(new Err("NOAUTH HELLO must be called with the client already "
                + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate "
                + "the client and select the RESP protocol version at the same time"));
            assertThat(asList(c.call("HELLO", "2", "AUTH", "default", PASSWORD))).containsSubsequence("proto", 2L);
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldRequireAuthenticationAgainAfterReset(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO", "3", "AUTH", "default", PASSWORD)).isInstanceOf(Map.class);
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(c.call("CLIENT", "INFO").toString()).contains(" resp=2 ");
        }
    }

    @Test
    void shouldCountNoauthInErrorstats(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo(NOAUTH);
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat((String) c.call("INFO", "errorstats")).containsPattern("errorstat_NOAUTH:count=[1-9]");
            assertThat((String) c.call("INFO", "commandstats")).containsPattern("cmdstat_ping:calls=\\d+,.*"
                + "rejected_calls=[1-9]");
        }
    }

    @Test
    void shouldNeverShowThePasswordInConfigGet(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(c.call("CONFIG", "GET", "*").toString()).doesNotContain(PASSWORD);
            assertThat(c.call("CONFIG", "GET", "auth.requirepass")).isEqualTo(java.util.List.of("auth.requirepass", ""));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldConnectLettuceWithThePassword(ProtocolVersion protocol, RunningServer server) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
            .withPassword(PASSWORD.toCharArray()).build();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            assertThat(connection.sync().clientInfo()).contains("resp=" + (protocol == ProtocolVersion.RESP3 ? 3 : 2));
        }
    }

    @Test
    void shouldFailLettuceResp3HandshakeWithAWrongPassword(RunningServer server) {
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
            .withPassword("nope".toCharArray()).build();
        // Lettuce closes the channel itself when its handshake fails; the exact WRONGPASS text is checked
        // over a raw socket in shouldRequireAuthenticationBeforeHelloUnlessItCarriesAuth.
        assertThatThrownBy(() -> client.connect(uri).close()).isInstanceOf(RedisConnectionException.class);
    }

    @Test
    void shouldServeRedisCliWithThePassword(RunningServer server) {
        assertThat(RedisCli.run(server.port(), "--no-auth-warning", "-a", PASSWORD, "PING")).isEqualTo("PONG");
        assertThat(RedisCli.run(server.port(), "PING")).contains("NOAUTH Authentication required.");
    }
}
