package io.kronotop.server.namespace;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.kronotop.server.zmap.ZClient;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** NAMESPACE subcommands over Lettuce: isolation, hierarchy, removal under a session, every error word. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NamespaceIT {
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
    void shouldIsolateZMapsOfDifferentNamespaces(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "iso.one");
            a.call("NAMESPACE", "CREATE", "iso.two");
            a.call("NAMESPACE", "USE", "iso.one");
            b.call("NAMESPACE", "USE", "iso.two");
            a.call("ZSET", "k", "from-one");
            b.call("ZSET", "k", "from-two");
            assertThat(a.call("ZGET", "k")).isEqualTo("from-one");
            assertThat(b.call("ZGET", "k")).isEqualTo("from-two");
            assertThat(a.call("ZGETRANGE", "*", "*")).isEqualTo(List.of(List.of("k", "from-one")));
            a.call("ZDELRANGE", "*", "*");
            assertThat(a.call("ZGET", "k")).isNull();
            assertThat(b.call("ZGET", "k")).isEqualTo("from-two");
            try (ZClient c = ZClient.connect(client, server)) {
                assertThat(c.call("NAMESPACE", "CURRENT")).isEqualTo("global");
                assertThat(c.call("ZGET", "k")).isNull();
            }
        }
    }

    @Test
    void shouldSpanNamespacesInOneTransaction(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "span.one");
            a.call("NAMESPACE", "CREATE", "span.two");
            a.call("BEGIN");
            a.call("NAMESPACE", "USE", "span.one");
            a.call("ZSET", "k", "1");
            a.call("NAMESPACE", "USE", "span.two");
            a.call("ZSET", "k", "2");
            b.call("NAMESPACE", "USE", "span.one");
            assertThat(b.call("ZGET", "k")).isNull();
            assertThat(a.call("COMMIT")).isEqualTo("OK");
            assertThat(b.call("ZGET", "k")).isEqualTo("1");
            b.call("NAMESPACE", "USE", "span.two");
            assertThat(b.call("ZGET", "k")).isEqualTo("2");
        }
    }

    @Test
    void shouldListCreateMoveAndPurgeAHierarchy(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            assertThat(a.call("NAMESPACE", "CREATE", "tree.a.b")).isEqualTo("OK");
            assertThat(a.call("NAMESPACE", "EXISTS", "tree.a")).as("parents are created").isEqualTo(1L);
            a.call("NAMESPACE", "CREATE", "tree.c");
            assertThat(a.call("NAMESPACE", "LIST", "tree")).isEqualTo(List.of("a", "c"));
            assertThat(a.call("NAMESPACE", "LIST")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("global", "tree");
            a.call("NAMESPACE", "USE", "tree.a.b");
            a.call("ZSET", "kept", "yes");
            assertThat(a.call("NAMESPACE", "MOVE", "tree.a", "moved.here")).isEqualTo("OK");
            assertThat(a.call("NAMESPACE", "EXISTS", "tree.a")).isEqualTo(0L);
            assertThat(a.call("NAMESPACE", "LIST", "moved.here")).isEqualTo(List.of("b"));
            a.call("NAMESPACE", "USE", "moved.here.b");
            assertThat(a.call("ZGET", "kept")).as("data moves with the namespace").isEqualTo("yes");
            assertThat(a.call("NAMESPACE", "PURGE", "moved")).isEqualTo("OK");
            assertThat(a.call("NAMESPACE", "EXISTS", "moved.here.b")).isEqualTo(0L);
            a.call("NAMESPACE", "CREATE", "moved.here.b");
            a.call("NAMESPACE", "USE", "moved.here.b");
            assertThat(a.call("ZGET", "kept")).as("a purged namespace leaves no data").isNull();
        }
    }

    @Test
    void shouldReportTheRemovalOfTheNamespaceASessionUses(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "doomed");
            a.call("NAMESPACE", "USE", "doomed");
            a.call("ZSET", "k", "v");
            assertThat(b.call("NAMESPACE", "REMOVE", "doomed")).isEqualTo("OK");
            assertThat(a.error("ZGET", "k")).isEqualTo("NOSUCHNAMESPACE No such namespace: doomed");
            assertThat(a.error("ZSET", "k", "v")).isEqualTo("NOSUCHNAMESPACE No such namespace: doomed");
            assertThat(a.call("NAMESPACE", "CURRENT")).isEqualTo("doomed");
            assertThat(a.call("NAMESPACE", "USE", "global")).isEqualTo("OK");
            assertThat(a.call("ZSET", "k", "v")).isEqualTo("OK");
        }
    }

    @Test
    void shouldFailATransactionThatWroteIntoANamespaceRemovedMeanwhile(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "racing");
            a.call("NAMESPACE", "USE", "racing");
            a.call("ZSET", "warm", "cache");
            a.call("BEGIN");
            a.call("ZSET", "k", "v");
            assertThat(b.call("NAMESPACE", "REMOVE", "racing")).isEqualTo("OK");
            assertThat(a.error("COMMIT")).startsWith("NOT_COMMITTED ");
            b.call("NAMESPACE", "CREATE", "racing");
            b.call("NAMESPACE", "USE", "racing");
            assertThat(b.call("ZGETRANGE", "*", "*")).as("no write outlived its namespace").isEqualTo(List.of());
        }
    }

    @Test
    void shouldAnswerEveryNamespaceError(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            a.call("NAMESPACE", "CREATE", "errs");
            assertThat(a.error("NAMESPACE", "CREATE", "errs")).isEqualTo("NAMESPACEALREADYEXISTS Namespace already exists: errs");
            assertThat(a.error("NAMESPACE", "REMOVE", "nope")).isEqualTo("NOSUCHNAMESPACE No such namespace: nope");
            assertThat(a.error("NAMESPACE", "PURGE", "nope")).isEqualTo("NOSUCHNAMESPACE No such namespace: nope");
            assertThat(a.error("NAMESPACE", "USE", "nope")).isEqualTo("NOSUCHNAMESPACE No such namespace: nope");
            assertThat(a.error("NAMESPACE", "LIST", "nope")).isEqualTo("NOSUCHNAMESPACE No such namespace: nope");
            assertThat(a.error("NAMESPACE", "MOVE", "nope", "other")).isEqualTo("NOSUCHNAMESPACE No such namespace: nope");
            a.call("NAMESPACE", "CREATE", "errs2");
            assertThat(a.error("NAMESPACE", "MOVE", "errs", "errs2"))
                .isEqualTo("NAMESPACEALREADYEXISTS Namespace already exists: errs2");
            assertThat(a.error("NAMESPACE", "MOVE", "errs", "errs.inner")).startsWith("ERR Cannot move a namespace into");
            assertThat(a.error("NAMESPACE", "REMOVE", "global")).isEqualTo("ERR Cannot remove the default namespace: 'global'");
            assertThat(a.error("NAMESPACE", "PURGE", "global")).isEqualTo("ERR Cannot purge the default namespace: 'global'");
            assertThat(a.error("NAMESPACE", "MOVE", "global", "elsewhere"))
                .isEqualTo("ERR Cannot move the default namespace: 'global'");
            assertThat(a.error("NAMESPACE", "CREATE", "x.__internal__"))
                .isEqualTo("ERR Namespace 'x.__internal__' is reserved for internal use");
            assertThat(a.error("NAMESPACE", "CREATE", "a.b.c.d.e.f.g.h.i.j.k"))
                .isEqualTo("ERR Namespace depth exceeds maximum allowed depth of 10");
            assertThat(a.error("NAMESPACE", "CREATE", "a..b")).isEqualTo("ERR Invalid namespace name: 'a..b'");
            assertThat(a.error("NAMESPACE", "FLY")).isEqualTo("ERR unknown subcommand 'FLY'. Try NAMESPACE HELP.");
            assertThat(a.error("NAMESPACE", "CREATE")).isEqualTo("ERR wrong number of arguments for 'namespace|create' command");
        }
    }
}
