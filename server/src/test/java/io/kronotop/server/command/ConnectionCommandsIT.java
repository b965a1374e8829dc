package io.kronotop.server.command;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PING, ECHO, HELLO, AUTH (no password configured), CLIENT, SELECT, QUIT, RESET and TIME on the client port. */
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
    void shouldAnswerConnectionCommandsOverLettuce(ProtocolVersion protocol, RunningServer server) {
        try (StatefulRedisConnection<String, String> connection = connect(server, protocol)) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.echo("hello")).isEqualTo("hello");
            assertThat(redis.clientId()).isPositive();
            assertThat(redis.clientSetname("lettuce-" + protocol)).isEqualTo("OK");
            assertThat(redis.clientGetname()).isEqualTo("lettuce-" + protocol);
            assertThat(redis.clientList()).contains("name=lettuce-" + protocol);
            assertThat(redis.clientInfo()).contains("id=" + redis.clientId(), "resp=" + respOf(protocol));
            assertThat(redis.select(0)).isEqualTo("OK");
            assertThat(redis.time()).hasSize(2);
        }
    }

    private static int respOf(ProtocolVersion protocol) {
        return protocol == ProtocolVersion.RESP3 ? 3 : 2;
    }

    @Test
    void shouldAnswerPingThroughRedisCli(RunningServer server) {
        assertThat(RedisCli.run(server.port(), "PING")).isEqualTo("PONG");
        assertThat(RedisCli.run(server.port(), "ECHO", "hi there")).isEqualTo("hi there");
        assertThat(RedisCli.run(server.port(), "-3", "HELLO", "3")).contains("proto", "3", "kronotop");
    }

    @Test
    void shouldReplyPongOrTheMessageToPing(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.call("PING", "hello world")).isEqualTo("hello world");
            assertThat(c.call("PING", "a", "b"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'ping' command"));
        }
    }

    @Test
    void shouldEchoBinarySafeMessages(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("ECHO", "")).isEqualTo("");
            assertThat(c.call("ECHO", "line\r\nbreak")).isEqualTo("line\r\nbreak");
        }
    }

    @Test
    void shouldReplyWrongArityWhenEchoHasNoOrTooManyArguments(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            Err expected = new Err("ERR wrong number of arguments for 'echo' command");
            assertThat(c.call("ECHO")).isEqualTo(expected);
            assertThat(c.call("echo", "a", "b")).isEqualTo(expected);
            assertThat(c.call("SELECT")).isEqualTo(new Err("ERR wrong number of arguments for 'select' command"));
        }
    }

    @Test
    void shouldEchoAMegabyteArgumentSentInOneFrame(RunningServer server) {
        StringBuilder big = new StringBuilder(1 << 20);
        for (int i = 0; big.length() < (1 << 20); i++) {
            big.append(i).append(',');
        }
        String value = big.toString();
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("ECHO", value)).isEqualTo(value);
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldAcceptCommandNamesInAnyCase(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("ping")).isEqualTo("PONG");
            assertThat(c.call("PiNg")).isEqualTo("PONG");
            assertThat(c.call("eChO", "x")).isEqualTo("x");
            assertThat(c.call("client", "id")).isInstanceOf(Long.class);
            assertThat(c.call("ClIeNt", "SetName", "mixed")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("mixed");
        }
    }

    @Test
    void shouldReplyUnknownCommandWithItsFirstArguments(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("FOO", "a", "b"))
                .isEqualTo(new Err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "));
            assertThat(c.call("foo")).isEqualTo(new Err("ERR unknown command 'foo', with args beginning with: "));
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldDescribeTheServerInHelloForEachProtocol(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            Object resp2 = c.call("HELLO");
            assertThat(resp2).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsSubsequence("server", "kronotop").containsSubsequence("proto", 2L);

            Object resp3 = c.call("HELLO", "3");
            assertThat(resp3).isInstanceOf(Map.class);
            Map<Object, Object> map = asMap(resp3);
            assertThat(map.get("server")).isEqualTo("kronotop");
            assertThat(map.get("proto")).isEqualTo(3L);
            assertThat(map.get("id")).isEqualTo(c.call("CLIENT", "ID"));
            assertThat(map.get("mode")).isEqualTo("cluster");
            assertThat(map.get("role")).isEqualTo("master");
            assertThat(map.get("modules")).isEqualTo(List.of());
            assertThat(map.get("version")).isInstanceOf(String.class);

            assertThat(c.call("HELLO", "2")).isInstanceOf(List.class);
            assertThat(c.call("CLIENT", "INFO").toString()).contains("resp=2");
        }
    }

    @Test
    void shouldRejectUnsupportedOrMalformedHelloVersions(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO", "4")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
            assertThat(c.call("HELLO", "1")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
            assertThat(c.call("HELLO", "three"))
                .isEqualTo(new Err("ERR Protocol version is not an integer or out of range"));
            assertThat(c.call("HELLO", "3", "BOGUS"))
                .isEqualTo(new Err("ERR Syntax error in HELLO option 'BOGUS'"));
            assertThat(c.call("HELLO", "3", "AUTH", "default"))
                .isEqualTo(new Err("ERR Syntax error in HELLO option 'AUTH'"));
            assertThat(c.call("HELLO", "3", "SETNAME"))
                .isEqualTo(new Err("ERR Syntax error in HELLO option 'SETNAME'"));
            // A failed HELLO leaves the connection on RESP2.
            assertThat(c.call("CLIENT", "INFO").toString()).contains("resp=2");
        }
    }

    @Test
    void shouldNameTheConnectionAndAcceptAnyPasswordInHelloWithoutConfiguredPassword(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            Object reply = c.call("HELLO", "3", "AUTH", "default", "whatever", "SETNAME", "via-hello");
            assertThat(reply).isInstanceOf(Map.class);
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("via-hello");
            assertThat(c.call("HELLO", "3", "AUTH", "nobody", "x"))
                .isEqualTo(new Err("WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(c.call("HELLO", "3", "SETNAME", "bad name"))
                .isEqualTo(new Err("ERR Client names cannot contain spaces, newlines or special characters."));
        }
    }

    @Test
    void shouldReplyNoPasswordConfiguredToAuthWithOnlyAPassword(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("AUTH", "secret")).isEqualTo(new Err("ERR AUTH <password> called without any "
                + "password configured for the default user. Are you sure your configuration is correct?"));
            assertThat(c.call("AUTH", "default", "anything")).isEqualTo("OK");
            assertThat(c.call("AUTH", "nobody", "anything"))
                .isEqualTo(new Err("WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(c.call("AUTH")).isEqualTo(new Err("ERR wrong number of arguments for 'auth' command"));
        }
    }

    @Test
    void shouldSetAndClearTheClientName(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.call("CLIENT", "SETNAME", "worker-1")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("worker-1");
            Err invalid = new Err("ERR Client names cannot contain spaces, newlines or special characters.");
            assertThat(c.call("CLIENT", "SETNAME", "has space")).isEqualTo(invalid);
            assertThat(c.call("CLIENT", "SETNAME", "new\nline")).isEqualTo(invalid);
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("worker-1");
            assertThat(c.call("CLIENT", "SETNAME", "")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.call("CLIENT", "SETNAME"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'client|setname' command"));
            assertThat(c.call("CLIENT", "SETNAME", "a", "b"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'client|setname' command"));
        }
    }

    @Test
    void shouldShowTransactionsWatchesAndFlagsInClientList(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient other = RespClient.connect(server.port())) {
            String otherId = other.call("CLIENT", "ID").toString();
            assertThat((String) me.call("CLIENT", "LIST", "ID", otherId)).contains(" flags=N ", " multi=-1 ",
                " watch=0 ");
            assertThat(other.call("WATCH", "{w}a", "{w}b")).isEqualTo("OK");
            assertThat(other.call("CLIENT", "NO-EVICT", "ON")).isEqualTo("OK");
            assertThat(other.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("OK");
            assertThat(other.call("MULTI")).isEqualTo("OK");
            assertThat(other.call("SET", "{w}a", "1")).isEqualTo("QUEUED");
            assertThat(other.call("GET", "{w}a")).isEqualTo("QUEUED");
            // Redis's flags in its order: x in MULTI, e no-evict, T no-touch
            assertThat((String) me.call("CLIENT", "LIST", "ID", otherId)).contains(" flags=xeT ", " multi=2 ",
                " watch=2 ");
            assertThat(asList(other.call("EXEC"))).containsExactly("OK", "1");
            assertThat((String) me.call("CLIENT", "LIST", "ID", otherId)).contains(" flags=eT ", " multi=-1 ",
                " watch=0 ");
        }
    }

    @Test
    void shouldListClientsFilteredByTypeAndId(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient other = RespClient.connect(server.port())) {
            long myId = (Long) me.call("CLIENT", "ID");
            long otherId = (Long) other.call("CLIENT", "ID");
            assertThat(other.call("CLIENT", "SETNAME", "the-other")).isEqualTo("OK");

            String all = (String) me.call("CLIENT", "LIST");
            assertThat(all).contains("id=" + myId + " ", "id=" + otherId + " ", "name=the-other", "cmd=client|list");
            assertThat(all).endsWith("\n");

            assertThat((String) me.call("CLIENT", "LIST", "TYPE", "normal")).contains("id=" + myId + " ");
            assertThat(me.call("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("");
            assertThat(me.call("CLIENT", "LIST", "TYPE", "bogus")).isEqualTo(new Err("ERR Unknown client type 'bogus'"));

            String onlyOther = (String) me.call("CLIENT", "LIST", "ID", Long.toString(otherId));
            assertThat(onlyOther.lines()).hasSize(1);
            assertThat(onlyOther).startsWith("id=" + otherId + " addr=127.0.0.1:").contains("name=the-other");
            String both = (String) me.call("CLIENT", "LIST", "ID", Long.toString(otherId), Long.toString(myId));
            assertThat(both.lines()).hasSize(2);
            assertThat(me.call("CLIENT", "LIST", "ID", "abc")).isEqualTo(new Err("ERR Invalid client ID"));
            assertThat(me.call("CLIENT", "LIST", "ID", "0", "-5")).isEqualTo("");
            assertThat(me.call("CLIENT", "LIST", "BOGUS")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void shouldDescribeThisConnectionAndItsLibraryInClientInfo(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            long id = (Long) c.call("CLIENT", "ID");
            assertThat(c.call("CLIENT", "SETINFO", "LIB-NAME", "mylib")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "SETINFO", "lib-ver", "1.2.3")).isEqualTo("OK");
            String info = (String) c.call("CLIENT", "INFO");
            assertThat(info).startsWith("id=" + id + " addr=127.0.0.1:")
                .contains(" laddr=127.0.0.1:" + server.port(), " lib-name=mylib", " lib-ver=1.2.3", " resp=2",
                    " cmd=client|info", " port=client")
                .endsWith("\n");
            assertThat(info.lines()).hasSize(1);

            assertThat(c.call("CLIENT", "SETINFO", "LIB-COLOR", "red"))
                .isEqualTo(new Err("ERR Unrecognized option 'LIB-COLOR'"));
            assertThat(c.call("CLIENT", "SETINFO", "LIB-NAME", "my lib"))
                .isEqualTo(new Err("ERR lib-name cannot contain spaces, newlines or special characters."));
            assertThat(c.call("CLIENT", "SETINFO", "LIB-NAME"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'client|setinfo' command"));
        }
    }

    @Test
    void shouldKillAnotherClientById(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient victim = RespClient.connect(server.port())) {
            long victimId = (Long) victim.call("CLIENT", "ID");
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(victimId))).isEqualTo(1L);
            assertThat(victim.isClosedByServer()).isTrue();
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(victimId))).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "ID", "0"))
                .isEqualTo(new Err("ERR client-id should be greater than 0"));
            assertThat(me.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldKillAClientByAddressInTheOldForm(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient victim = RespClient.connect(server.port())) {
            String addr = addrOf((String) victim.call("CLIENT", "INFO"));
            assertThat(me.call("CLIENT", "KILL", addr)).isEqualTo("OK");
            assertThat(victim.isClosedByServer()).isTrue();
            assertThat(me.call("CLIENT", "KILL", "10.1.2.3:4567")).isEqualTo(new Err("ERR No such client"));
            assertThat(me.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldKillByAddrFilterAndSkipTheCallerUnlessSkipmeIsNo(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient victim = RespClient.connect(server.port())) {
            String victimAddr = addrOf((String) victim.call("CLIENT", "INFO"));
            assertThat(me.call("CLIENT", "KILL", "ADDR", victimAddr, "SKIPME", "yes")).isEqualTo(1L);
            assertThat(victim.isClosedByServer()).isTrue();

            long myId = (Long) me.call("CLIENT", "ID");
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(myId))).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(myId), "SKIPME", "maybe"))
                .isEqualTo(new Err("ERR syntax error"));
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(myId), "SKIPME", "no")).isEqualTo(1L);
            assertThat(me.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldReplyOkThenCloseWhenAClientKillsItselfByAddress(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            String own = addrOf((String) c.call("CLIENT", "INFO"));
            assertThat(c.call("CLIENT", "KILL", own)).isEqualTo("OK");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldKillByLocalAddressUserAndAgeFilters(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port()); RespClient victim = RespClient.connect(server.port())) {
            long victimId = (Long) victim.call("CLIENT", "ID");
            String id = Long.toString(victimId);
            String laddr = "127.0.0.1:" + server.port();
            assertThat(me.call("CLIENT", "KILL", "ID", id, "LADDR", "127.0.0.1:1")).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "ID", id, "USER", "someone-else"))
                .isEqualTo(new Err("ERR No such user 'someone-else'"));
            assertThat(me.call("CLIENT", "KILL", "ID", id, "TYPE", "bogus"))
                .isEqualTo(new Err("ERR Unknown client type 'bogus'"));
            assertThat(me.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "TYPE", "replica", "ID", id)).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "ID", id, "MAXAGE", "86400")).isEqualTo(0L);
            assertThat(me.call("CLIENT", "KILL", "ID", id, "BOGUS", "x")).isEqualTo(new Err("ERR syntax error"));
            assertThat(me.call("CLIENT", "KILL", "ID", id, "LADDR")).isEqualTo(new Err("ERR syntax error"));
            assertThat(victim.call("PING")).isEqualTo("PONG");
            assertThat(me.call("CLIENT", "KILL", "ID", id, "LADDR", laddr, "USER", "default", "TYPE", "normal"))
                .isEqualTo(1L);
            assertThat(victim.isClosedByServer()).isTrue();
        }
    }

    private static String addrOf(String clientLine) {
        for (String field : clientLine.trim().split(" ")) {
            if (field.startsWith("addr=")) {
                return field.substring("addr=".length());
            }
        }
        throw new AssertionError("no addr= in " + clientLine);
    }

    @Test
    void shouldAcceptNoEvictAndNoTouchSwitches(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CLIENT", "NO-EVICT", "on")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "NO-EVICT", "OFF")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "NO-TOUCH", "off")).isEqualTo("OK");
            assertThat(c.call("CLIENT", "NO-EVICT", "maybe")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void shouldListSubcommandsInClientHelpAndRejectUnknownOnes(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            List<Object> help = asList(c.call("CLIENT", "HELP"));
            assertThat((String) help.get(0)).startsWith("CLIENT <subcommand>");
            assertThat(help.stream().map(Object::toString).toList())
                .anyMatch(line -> line.startsWith("SETNAME"))
                .anyMatch(line -> line.startsWith("KILL"));
            assertThat(c.call("CLIENT", "x")).isEqualTo(new Err("ERR unknown subcommand 'x'. Try CLIENT HELP."));
            assertThat(c.call("CLIENT")).isEqualTo(new Err("ERR wrong number of arguments for 'client' command"));
            assertThat(c.call("CLIENT", "HELP", "x"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'client|help' command"));
        }
    }

    @Test
    void shouldSelectOnlyDatabaseZero(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("SELECT", "0")).isEqualTo("OK");
            assertThat(c.call("SELECT", "1")).isEqualTo(new Err("ERR DB index is out of range"));
            assertThat(c.call("SELECT", "-1")).isEqualTo(new Err("ERR DB index is out of range"));
            assertThat(c.call("SELECT", "zero")).isEqualTo(new Err("ERR value is not an integer or out of range"));
        }
    }

    @Test
    void shouldReplyOkToQuitAndThenClose(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.call("QUIT")).isEqualTo("OK");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldNotRunCommandsPipelinedAfterQuit(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw(concat(RespClient.encode("QUIT"), RespClient.encode("PING")));
            assertThat(c.read()).isEqualTo("OK");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void shouldResetProtocolAndNameWithReset(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO", "3", "SETNAME", "before-reset")).isInstanceOf(Map.class);
            assertThat(c.call("CONFIG", "GET", "appendonly")).isInstanceOf(Map.class);
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.call("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
            assertThat(c.call("CLIENT", "INFO").toString()).contains(" resp=2 ", " name= ");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldReplyServerTimeAsSecondsAndMicroseconds(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            List<Object> time = asList(c.call("TIME"));
            assertThat(time).hasSize(2);
            long seconds = Long.parseLong((String) time.get(0));
            long micros = Long.parseLong((String) time.get(1));
            assertThat(seconds).isGreaterThan(1_600_000_000L);
            assertThat(micros).isBetween(0L, 999_999L);
            assertThat(c.call("TIME", "extra")).isEqualTo(new Err("ERR wrong number of arguments for 'time' command"));
        }
    }

    @Test
    void shouldSeeKilledClientsLeaveClientList(RunningServer server) {
        try (RespClient me = RespClient.connect(server.port())) {
            RespClient victim = RespClient.connect(server.port());
            long victimId = (Long) victim.call("CLIENT", "ID");
            assertThat(me.call("CLIENT", "KILL", "ID", Long.toString(victimId))).isEqualTo(1L);
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat((String) me.call("CLIENT", "LIST")).doesNotContain("id=" + victimId + " "));
            victim.close();
        }
    }
}
