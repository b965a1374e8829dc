package io.kronotop.server.session;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.kronotop.server.zmap.ZClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SESSION.ATTRIBUTE and SESSION.CLOSE over Lettuce, RESP2 and RESP3. */
@RealServer(config = {"session.attributes.input_type=json"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionIT {
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
    void shouldListAndSetAttributesPerSession(RunningServer server) {
        try (ZClient resp3 = ZClient.connect(client, server, ProtocolVersion.RESP3);
             ZClient resp2 = ZClient.connect(client, server, ProtocolVersion.RESP2)) {
            List<Object> defaults = List.of("reply-type", "bson", "input-type", "json");
            assertThat(resp3.call("SESSION.ATTRIBUTE", "LIST")).as("configured default").isEqualTo(defaults);
            assertThat(resp2.call("SESSION.ATTRIBUTE", "LIST")).isEqualTo(defaults);
            assertThat(resp3.call("SESSION.ATTRIBUTE", "SET", "reply_type", "JSON")).isEqualTo("OK");
            assertThat(resp3.call("SESSION.ATTRIBUTE", "SET", "Input-Type", "bson")).isEqualTo("OK");
            assertThat(resp3.call("SESSION.ATTRIBUTE", "LIST"))
                .isEqualTo(List.of("reply-type", "json", "input-type", "bson"));
            assertThat(resp2.call("SESSION.ATTRIBUTE", "LIST")).as("other sessions unchanged").isEqualTo(defaults);
            assertThat(resp2.error("SESSION.ATTRIBUTE", "SET", "input-type", "xml"))
                .isEqualTo("ERR Invalid input type: xml");
            assertThat(resp2.error("SESSION.ATTRIBUTE", "SET", "reply-type", "some-value"))
                .isEqualTo("ERR Invalid reply type: some-value");
            assertThat(resp2.error("SESSION.ATTRIBUTE", "SET", "colour", "blue"))
                .isEqualTo("ERR Invalid session attribute: 'colour'");
            assertThat(resp2.error("SESSION.ATTRIBUTE", "SET", "colour"))
                .isEqualTo("ERR wrong number of arguments for 'session.attribute|set' command");
        }
    }

    @Test
    void shouldResetTheSessionOnSessionClose(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "closing");
            a.call("BEGIN");
            a.call("ZSET", "uncommitted", "1");
            a.call("NAMESPACE", "USE", "closing");
            a.call("SNAPSHOTREAD", "ON");
            a.call("SESSION.ATTRIBUTE", "SET", "reply-type", "json");
            a.call("CLIENT", "SETNAME", "closer");
            assertThat(a.call("SESSION.CLOSE")).isEqualTo("OK");
            assertThat(a.error("ROLLBACK")).isEqualTo("TRANSACTION there is no transaction in progress.");
            assertThat(a.call("NAMESPACE", "CURRENT")).isEqualTo("global");
            assertThat(a.call("SESSION.ATTRIBUTE", "LIST")).isEqualTo(List.of("reply-type", "bson", "input-type", "json"));
            assertThat(a.call("CLIENT", "GETNAME")).isNull();
            assertThat(b.call("ZGET", "uncommitted")).isNull();
            assertThat(a.call("PING")).as("the connection stays open").isEqualTo("PONG");
        }
    }

    @Test
    void shouldRollBackAndForgetTheNamespaceOnReset(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server, ProtocolVersion.RESP2);
             ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "resetting");
            a.call("NAMESPACE", "USE", "resetting");
            a.call("BEGIN");
            a.call("ZSET", "pending", "1");
            assertThat(a.call("RESET")).isEqualTo("RESET");
            assertThat(a.error("COMMIT")).isEqualTo("TRANSACTION there is no transaction in progress.");
            assertThat(a.call("NAMESPACE", "CURRENT")).isEqualTo("global");
            b.call("NAMESPACE", "USE", "resetting");
            assertThat(b.call("ZGET", "pending")).isNull();
        }
    }
}
