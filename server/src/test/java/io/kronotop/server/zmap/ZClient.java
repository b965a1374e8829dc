package io.kronotop.server.zmap;

import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Lettuce connection that sends Kronotop's own commands ({@code ZSET}, {@code NAMESPACE USE}, ...) with
 * {@code dispatch} and returns whatever came back: a String (bulk or status), Long, Double, List, Map or null.
 * Error replies raise {@link RedisCommandExecutionException}; {@link #error} returns their text.
 */
public final class ZClient implements AutoCloseable {
    private final StatefulRedisConnection<String, String> connection;

    private ZClient(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    public static ZClient connect(RedisClient client, RunningServer server, ProtocolVersion protocol) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        RedisURI uri = RedisURI.create(server.host(), server.port());
        uri.setTimeout(Duration.ofSeconds(30));
        return new ZClient(client.connect(uri));
    }

    public static ZClient connect(RedisClient client, RunningServer server) {
        return connect(client, server, ProtocolVersion.RESP3);
    }

    /** Sends {@code command} (its first word, then arguments) and waits for the reply. */
    public Object call(String... command) {
        return connection.sync().dispatch(keyword(command[0]), new AnyOutput(), args(command));
    }

    /** Sends without waiting. */
    public RedisFuture<Object> callAsync(String... command) {
        return connection.async().dispatch(keyword(command[0]), new AnyOutput(), args(command));
    }

    /** The text of the error reply {@code command} must get. */
    public String error(String... command) {
        String[] message = new String[1];
        assertThatThrownBy(() -> call(command)).isInstanceOfSatisfying(RedisCommandExecutionException.class,
            e -> message[0] = e.getMessage());
        return message[0];
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
    }

    private static CommandArgs<String, String> args(String[] command) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (int i = 1; i < command.length; i++) {
            args.add(command[i]);
        }
        return args;
    }

    private static ProtocolKeyword keyword(String name) {
        byte[] bytes = name.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return bytes;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
