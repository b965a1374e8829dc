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
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** INFO, CONFIG GET/SET/RESETSTAT and COMMAND on the client port. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerCommandsIT {
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    // ---- INFO

    @Test
    void shouldReportTheDefaultSectionsInInfo(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            String info = (String) c.call("INFO");
            assertThat(info).contains("# Server\r\n", "# Clients\r\n", "# Memory\r\n", "# Persistence\r\n",
                "# Stats\r\n", "# Replication\r\n", "# CPU\r\n", "# Reactors\r\n", "# Errorstats\r\n",
                "# Keyspace\r\n");
            // what health checks look for (HAProxy: INFO replication, expect role:master)
            assertThat(info).contains("role:master\r\n", "connected_slaves:0\r\n");
            assertThat(RespClient.asList(c.call("ROLE"))).containsExactly("master", 0L, List.of());
            // as Redis 7's default: errorstats in, commandstats and latencystats out
            assertThat(info).doesNotContain("# Commandstats", "# Latencystats");
            assertThat(info).containsPattern("(?m)^transport:(io_uring|epoll|nio)$");
            assertThat(info).contains("tcp_port:" + server.port() + "\r\n", "admin_port:" + server.adminPort() + "\r\n",
                "redis_mode:cluster\r\n", "reactors:2\r\n");
            assertThat(info).containsPattern("(?m)^connected_clients:[1-9]\\d*$");
            assertThat(info).contains("transport:" + server.server().transport() + "\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "clients", "stats", "memory", "persistence", "keyspace", "commandstats",
        "errorstats", "reactors", "replication"})
    void shouldReportOnlyTheRequestedSection(String section, RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            String info = (String) c.call("INFO", section.toUpperCase(java.util.Locale.ROOT));
            String header = "# " + Character.toUpperCase(section.charAt(0)) + section.substring(1) + "\r\n";
            assertThat(info).startsWith(header);
            assertThat(Pattern.compile("^# ", Pattern.MULTILINE).matcher(info).results().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportEverySectionForInfoAllAndNothingForAnUnknownSection(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat((String) c.call("INFO", "all")).contains("# Server", "# Clients", "# Memory",
                "# Persistence", "# Stats", "# Reactors", "# Commandstats", "# Errorstats", "# Keyspace");
            assertThat((String) c.call("INFO", "everything")).contains("# Commandstats");
            assertThat((String) c.call("INFO", "server", "clients")).contains("# Server", "# Clients")
                .doesNotContain("# Memory");
            assertThat(c.call("INFO", "nosuchsection")).isEqualTo("");
        }
    }

    @Test
    void shouldHoldOnlyItsOwnConnectionWhileWaitWaitsForReplicas(RunningServer server) {
        try (RespClient waiting = RespClient.connect(server.port());
             RespClient other = RespClient.connect(server.port())) {
            assertThat(waiting.call("WAIT", "0", "0")).isEqualTo(0L);
            assertThat(waiting.call("WAIT", "1", "9223372036854775807")).isEqualTo(
                new Err("ERR timeout is out of range"));
            // no replica will ever acknowledge: with no timeout this waits until the connection closes
            waiting.send("WAIT", "1", "0");
            waiting.send("PING");
            assertThat(other.call("SET", "{w}k", "v")).isEqualTo("OK");
            assertThat(other.call("WAIT", "2", "30")).isEqualTo(0L);
            assertThat(other.call("GET", "{w}k")).isEqualTo("v");
        }
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldReportCommandTimeAsTheSumOfItsCalls(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
            int calls = 5_000;
            for (int i = 0; i < calls; i++) {
                c.call("PING");
            }
            String info = (String) c.call("INFO", "commandstats");
            Matcher m = Pattern.compile("(?m)^cmdstat_ping:calls=(\\d+),usec=(\\d+),usec_per_call=([0-9.]+),")
                .matcher(info);
            assertThat(m.find()).as(info).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(calls);
            long usec = Long.parseLong(m.group(2));
            // the handler time is added up in nanoseconds and reported in microseconds: a PING takes well under one
            assertThat(usec).isPositive();
            assertThat(Double.parseDouble(m.group(3))).isCloseTo(usec / (double) calls, offset(0.01));
        }
    }

    @Test
    void shouldStampExpiriesWithTheWallClockAcrossClockRechecks(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            // the connection derives milliseconds from the monotonic clock between wall-clock reads: over half a
            // second (several rechecks), every expiry set relative to "now" lies between the wall clock read just
            // before and just after the command
            long until = System.nanoTime() + 500_000_000L;
            int n = 0;
            while (System.nanoTime() < until || n < 100) {
                long before = System.currentTimeMillis();
                assertThat(c.call("SET", "clock:" + n, "v", "PX", "100000")).isEqualTo("OK");
                long after = System.currentTimeMillis();
                long at = (Long) c.call("PEXPIRETIME", "clock:" + n);
                // derived milliseconds may trail the wall clock's by the one it had started at the last read
                assertThat(at - 100_000).isBetween(before - 1, after);
                n++;
            }
        }
    }

    @Test
    void shouldCountCallsInCommandstatsAndErrorsInErrorstats(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
            for (int i = 0; i < 3; i++) {
                assertThat(c.call("PING")).isEqualTo("PONG");
            }
            assertThat(c.call("SELECT", "7")).isInstanceOf(Err.class);
            assertThat(c.call("ECHO")).isInstanceOf(Err.class);
            assertThat(c.call("NOSUCHCOMMAND")).isInstanceOf(Err.class);
            assertThat(c.call("HELLO", "9")).isInstanceOf(Err.class);

            String info = (String) c.call("INFO", "commandstats", "errorstats", "stats");
            assertThat(info).containsPattern("(?m)^cmdstat_ping:calls=3,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                + "rejected_calls=0,failed_calls=0$");
            assertThat(info).containsPattern("(?m)^cmdstat_select:calls=1,.*rejected_calls=0,failed_calls=1$");
            assertThat(info).containsPattern("(?m)^cmdstat_echo:calls=0,.*rejected_calls=1,failed_calls=0$");
            assertThat(info).contains("cmdstat_config|resetstat:calls=1,");
            assertThat(info).contains("errorstat_ERR:count=3\r\n", "errorstat_NOPROTO:count=1\r\n");
            assertThat(info).contains("total_error_replies:4\r\n");
        }
    }

    @Test
    void shouldZeroCountersWithConfigResetstat(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.call("FOO")).isInstanceOf(Err.class);
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
            String info = (String) c.call("INFO", "stats", "errorstats", "commandstats");
            assertThat(info).contains("total_error_replies:0\r\n").doesNotContain("errorstat_", "cmdstat_ping");
            assertThat(info).containsPattern("(?m)^total_commands_processed:[12]$");
            assertThat(c.call("CONFIG", "RESETSTAT", "extra"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'config|resetstat' command"));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldReturnInfoAndConfigThroughLettuce(ProtocolVersion protocol, RunningServer server) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        try (StatefulRedisConnection<String, String> connection =
                 client.connect(RedisURI.create(server.host(), server.port()))) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.info()).contains("# Server", "redis_version:");
            assertThat(redis.info("clients")).contains("connected_clients:");
            assertThat(redis.configGet("save", "appendonly")).containsEntry("save", "").containsEntry("appendonly",
                "no");
            assertThat(redis.configGet("max*")).containsKeys("maxclients", "maxmemory", "maxmemory-policy");
            assertThat(redis.commandCount()).isEqualTo(connection.sync().command().size());
            assertThat(redis.configResetstat()).isEqualTo("OK");
        }
    }

    // ---- CONFIG

    @Test
    void shouldAnswerTheParametersRedisBenchmarkAsksFor(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
            assertThat(c.call("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
        }
        assertThat(RedisCli.run(server.port(), "CONFIG", "GET", "save")).isEqualTo("save\n");
        assertThat(RedisCli.run(server.port(), "CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
    }

    @Test
    void shouldMatchConfigParametersByGlobPattern(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            Map<String, String> max = pairs(c.call("CONFIG", "GET", "max*"));
            assertThat(max).containsOnlyKeys("maxclients", "maxmemory", "maxmemory-policy");
            assertThat(max.get("maxclients")).isEqualTo("10000");

            Map<String, String> ports = pairs(c.call("CONFIG", "GET", "*port"));
            assertThat(ports).containsEntry("port", Integer.toString(server.port()))
                .containsEntry("server.port", "0").containsEntry("admin.port", "0");

            assertThat(pairs(c.call("CONFIG", "GET", "server.reactor?"))).containsOnlyKeys("server.reactors");
            assertThat(pairs(c.call("CONFIG", "GET", "APPEND[o]NLY", "save"))).containsOnlyKeys("appendonly", "save");
            assertThat(pairs(c.call("CONFIG", "GET", "*"))).containsKeys("bind", "databases", "data.dir");
            assertThat(c.call("CONFIG", "GET", "no-such-parameter")).isEqualTo(List.of());
            assertThat(c.call("CONFIG", "GET"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'config|get' command"));
        }
    }

    private static Map<String, String> pairs(Object reply) {
        List<Object> flat = asList(reply);
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return map;
    }

    @Test
    void shouldReplyAMapToConfigGetInResp3(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("HELLO", "3")).isInstanceOf(Map.class);
            assertThat(c.call("CONFIG", "GET", "save", "appendonly")).isEqualTo(Map.of("save", "", "appendonly", "no"));
            assertThat(c.call("CONFIG", "GET", "nothing*")).isEqualTo(Map.of());
        }
    }

    @Test
    void shouldRefuseConfigSet(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("CONFIG", "SET", "maxclients", "10")).isEqualTo(
                new Err("ERR CONFIG SET failed (possibly related to argument 'maxclients') - can't set immutable config"));
            assertThat(c.call("CONFIG", "SET", "no-such-thing", "1")).isEqualTo(
                new Err("ERR Unknown option or number of arguments for CONFIG SET - 'no-such-thing'"));
            // to the value it has: OK, as test frameworks that switch persistence off expect
            assertThat(c.call("CONFIG", "SET", "save", "", "appendonly", "NO")).isEqualTo("OK");
            assertThat(c.call("CONFIG", "SET", "appendonly", "yes")).isEqualTo(
                new Err("ERR CONFIG SET failed (possibly related to argument 'appendonly') - can't set immutable config"));
            assertThat(c.call("CONFIG", "SET", "maxclients")).isEqualTo(
                new Err("ERR wrong number of arguments for 'config|set' command"));
            assertThat(c.call("CONFIG", "SET", "maxclients", "10", "timeout")).isEqualTo(new Err("ERR syntax error"));
            assertThat(c.call("CONFIG", "NOPE")).isEqualTo(new Err("ERR unknown subcommand 'NOPE'. Try CONFIG HELP."));
            assertThat((asList(c.call("CONFIG", "HELP"))).get(0).toString()).startsWith("CONFIG <subcommand>");
        }
    }

    @Test
    void shouldReportMemoryStatsAndDiagnose(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.call("SET", "memory:k", "v".repeat(1000));
            assertThat(RespClient.asList(c.call("MEMORY", "STATS"))).as("RESP2: a flat array").hasSizeGreaterThan(40);
            assertThat(c.call("HELLO", "3")).isInstanceOf(Map.class);
            Map<Object, Object> stats = RespClient.asMap(c.call("MEMORY", "STATS"));
            assertThat(stats).containsKeys("peak.allocated", "total.allocated", "startup.allocated", "overhead.total",
                "keys.count", "keys.bytes-per-key", "dataset.bytes", "dataset.percentage", "peak.percentage",
                "fragmentation", "fragmentation.bytes", "db.0", "jvm.heap.used", "jvm.heap.max");
            assertThat((Long) stats.get("keys.count")).isPositive();
            assertThat((Long) stats.get("peak.allocated")).isGreaterThanOrEqualTo((Long) stats.get("total.allocated"));
            assertThat((Long) stats.get("dataset.bytes")).isGreaterThanOrEqualTo(1000);
            assertThat((Double) stats.get("peak.percentage")).isBetween(0.0, 100.0);
            assertThat((String) c.call("MEMORY", "DOCTOR")).isNotBlank();
            assertThat(c.call("MEMORY", "MALLOC-STATS")).isEqualTo("Stats not supported for the current allocator");
            assertThat(c.call("MEMORY", "PURGE")).isEqualTo("OK");
            assertThat(c.call("MEMORY", "STATS", "x"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'memory|stats' command"));
        }
    }

    // ---- COMMAND

    @Test
    void shouldDescribeEveryCommandInCommandAndCountThem(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            List<Object> all = asList(c.call("COMMAND"));
            assertThat(c.call("COMMAND", "COUNT")).isEqualTo((long) all.size());
            List<Object> names = all.stream().map(entry -> (asList(entry)).get(0)).toList();
            assertThat(names).doesNotHaveDuplicates().contains("ping", "echo", "hello", "auth", "select", "quit",
                "reset", "time", "client", "info", "command", "config");
            for (Object entry : all) {
                assertThat(asList(entry)).hasSize(10);
            }
            assertThat(c.call("COMMAND", "COUNT", "x"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'command|count' command"));
            assertThat(c.call("COMMAND", "BOGUS"))
                .isEqualTo(new Err("ERR unknown subcommand 'BOGUS'. Try COMMAND HELP."));
        }
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(RedisCli.run(server.port(), "COMMAND", "COUNT")).isEqualTo(c.call("COMMAND", "COUNT").toString());
        }
    }

    @Test
    void shouldDescribeNamedCommandsAndSubcommandsInCommandInfo(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            List<Object> info = asList(c.call("COMMAND", "INFO", "ping", "ECHO", "nosuch", "client|setname"));
            assertThat(info).hasSize(4);
            List<Object> ping = asList(info.get(0));
            assertThat(ping.subList(0, 2)).containsExactly("ping", -1L);
            assertThat(asList(ping.get(2))).contains("fast");
            assertThat(ping.subList(3, 6)).containsExactly(0L, 0L, 0L);
            assertThat((asList(info.get(1))).subList(0, 2)).containsExactly("echo", 2L);
            assertThat(info.get(2)).isNull();
            assertThat((asList(info.get(3))).subList(0, 2)).containsExactly("client|setname", 3L);

            List<Object> client = asList(asList(c.call("COMMAND", "INFO", "client")).get(0));
            List<Object> subcommands = asList(client.get(9));
            assertThat(subcommands.stream().map(sub -> (asList(sub)).get(0)).toList())
                .contains("client|id", "client|kill", "client|list", "client|setname");
        }
    }

    @Test
    void shouldEncodeCommandInfoAsRedisDoes(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.send("COMMAND", "INFO", "nosuch");
            assertThat(c.readBytes(9)).isEqualTo("*1\r\n$-1\r\n");
            assertThat(c.call("HELLO", "3")).isInstanceOf(Map.class);
            c.send("COMMAND", "INFO", "nosuch");
            assertThat(c.readBytes(7)).isEqualTo("*1\r\n_\r\n");
            c.send("COMMAND", "INFO", "echo");
            String echo = "*1\r\n*10\r\n$4\r\necho\r\n:2\r\n~1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@connection\r\n"
                + "~0\r\n~0\r\n~0\r\n";
            assertThat(c.readBytes(echo.length())).isEqualTo(echo);
        }
    }

    @Test
    void shouldDocumentCommandsInCommandDocs(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            List<Object> docs = asList(c.call("COMMAND", "DOCS", "echo"));
            assertThat(docs).hasSize(2);
            assertThat(docs.get(0)).isEqualTo("echo");
            Map<String, String> fields = pairs(docs.get(1));
            assertThat(fields).containsEntry("group", "connection").containsEntry("syntax", "message")
                .containsKey("summary").containsKey("since");

            assertThat(c.call("HELLO", "3")).isInstanceOf(Map.class);
            Map<Object, Object> resp3 = asMap(c.call("COMMAND", "DOCS", "client", "nosuch"));
            assertThat(resp3).containsOnlyKeys("client");
            assertThat(asMap(asMap(resp3.get("client")).get("subcommands"))).containsKey("client|kill");
            assertThat(asMap(c.call("COMMAND", "DOCS"))).hasSize(((Long) c.call("COMMAND", "COUNT")).intValue());
        }
    }

    @Test
    void shouldListCommandNamesFilteredByPattern(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(asList(c.call("COMMAND", "LIST"))).contains("ping", "config", "client|id", "config|get");
            assertThat(asList(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "c*")))
                .contains("client", "command", "config", "client|kill")
                .allSatisfy(name -> assertThat((String) name).startsWith("c"));
            assertThat(asList(c.call("COMMAND", "LIST", "filterby", "pattern", "client|*")))
                .contains("client|id").doesNotContain("client");
            assertThat(asList(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"))).contains("ping")
                .doesNotContain("info");
            assertThat(c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEqualTo(List.of());
            assertThat(c.call("COMMAND", "LIST", "FILTERBY", "NAME", "x")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void shouldExplainThatNoServedCommandHasKeysInCommandGetkeys(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("COMMAND", "GETKEYS", "echo", "hello"))
                .isEqualTo(new Err("ERR The command has no key arguments"));
            assertThat(c.call("COMMAND", "GETKEYS", "nosuch", "k"))
                .isEqualTo(new Err("ERR Invalid command specified"));
            assertThat(c.call("COMMAND", "GETKEYS", "echo"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'command|getkeys' command"));
            assertThat(c.call("COMMAND", "GETKEYS"))
                .isEqualTo(new Err("ERR wrong number of arguments for 'command|getkeys' command"));
            assertThat(c.call("COMMAND", "GETKEYS", "select", "0", "1"))
                .isEqualTo(new Err("ERR The command has no key arguments"));
        }
    }
}
