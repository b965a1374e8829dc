package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCommandsIT {
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    private static StatefulRedisConnection<String, String> connect(RunningServer server, ProtocolVersion protocol) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return client.connect(RedisURI.create(server.host(), server.port()));
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldAnswerPingAndEchoOverLettuce(ProtocolVersion protocol, RunningServer server) {
        try (StatefulRedisConnection<String, String> connection = connect(server, protocol)) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.echo("hello")).isEqualTo("hello");
            assertThat(redis.clientId()).isPositive();
        }
    }

    @Test
    void shouldAnswerPingThroughRedisCli(RunningServer server) {
        assertThat(RedisCli.run(server.port(), "PING")).isEqualTo("PONG");
        assertThat(RedisCli.run(server.port(), "-3", "HELLO", "3")).contains("proto", "3", "kronotop");
    }
}
