package io.kronotop.server.txn;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.kronotop.server.zmap.ZClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** BEGIN, COMMIT, ROLLBACK and friends over Lettuce: visibility, conflicts, snapshot reads, the 5 s window. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionIT {
    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void shouldHideExplicitTransactionWritesUntilCommitButShowOneOffWritesAtOnce(ProtocolVersion protocol,
                                                                               RunningServer server) {
        String k = "visibility-" + protocol;
        try (ZClient a = ZClient.connect(client, server, protocol); ZClient b = ZClient.connect(client, server)) {
            assertThat(a.call("ZSET", k + "-oneoff", "1")).isEqualTo("OK");
            assertThat(b.call("ZGET", k + "-oneoff")).isEqualTo("1");

            assertThat(a.call("BEGIN")).isEqualTo("OK");
            assertThat(a.call("ZSET", k, "v")).isEqualTo("OK");
            assertThat(a.call("ZGET", k)).as("read your writes").isEqualTo("v");
            assertThat(b.call("ZGET", k)).isNull();
            assertThat(a.call("COMMIT")).isEqualTo("OK");
            assertThat(b.call("ZGET", k)).isEqualTo("v");

            assertThat(a.call("BEGIN")).isEqualTo("OK");
            assertThat(a.call("ZDEL", k)).isEqualTo("OK");
            assertThat(a.call("ROLLBACK")).isEqualTo("OK");
            assertThat(b.call("ZGET", k)).as("rolled back").isEqualTo("v");
        }
    }

    @Test
    void shouldFailTheSecondCommitOfAConflictAndSucceedOnRetry(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("ZSET.I64", "conflict", "10");
            a.call("BEGIN");
            b.call("BEGIN");
            long seenByA = (Long) a.call("ZGET.I64", "conflict");
            long seenByB = (Long) b.call("ZGET.I64", "conflict");
            b.call("ZSET.I64", "conflict", Long.toString(seenByB + 1));
            assertThat(b.call("COMMIT")).isEqualTo("OK");
            a.call("ZSET.I64", "conflict", Long.toString(seenByA + 1));
            assertThat(a.error("COMMIT"))
                .isEqualTo("NOT_COMMITTED Transaction not committed due to conflict with another transaction");
            assertThat(a.error("ROLLBACK")).as("a failed COMMIT ends the transaction")
                .isEqualTo("TRANSACTION there is no transaction in progress.");

            a.call("BEGIN");
            long retry = (Long) a.call("ZGET.I64", "conflict");
            a.call("ZSET.I64", "conflict", Long.toString(retry + 1));
            assertThat(a.call("COMMIT")).isEqualTo("OK");
            assertThat(b.call("ZGET.I64", "conflict")).isEqualTo(12L);
        }
    }

    @Test
    void shouldNotConflictOnSnapshotReads(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server); ZClient b = ZClient.connect(client, server)) {
            a.call("ZSET", "snap", "1");
            a.call("BEGIN");
            assertThat(a.call("SNAPSHOTREAD", "ON")).isEqualTo("OK");
            assertThat(a.call("ZGET", "snap")).isEqualTo("1");
            assertThat((java.util.List<?>) a.call("ZGETRANGE", "snap", "snaq")).hasSize(1);
            assertThat(b.call("ZSET", "snap", "2")).isEqualTo("OK");
            a.call("ZSET", "snap-copy", "1");
            assertThat(a.call("COMMIT")).isEqualTo("OK");

            assertThat(a.call("SNAPSHOTREAD", "off")).isEqualTo("OK");
            a.call("BEGIN");
            a.call("ZGET", "snap");
            b.call("ZSET", "snap", "3");
            a.call("ZSET", "snap-copy", "2");
            assertThat(a.error("COMMIT")).startsWith("NOT_COMMITTED ");
            assertThat(a.error("SNAPSHOTREAD", "maybe")).isEqualTo("ERR illegal argument for SNAPSHOTREAD: 'maybe'");
        }
    }

    @Test
    void shouldAnswerTransactionOldOnceTheTransactionIsOlderThanFiveSeconds(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            a.call("BEGIN");
            a.call("ZGET", "old");
            a.call("ZSET", "old", "1");
            String expected = "TRANSACTIONOLD transaction is too old to perform reads or be committed";
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                try {
                    // another key: a key the transaction wrote is answered from its own writes, without a read
                    a.call("ZGET", "old-other");
                    return false;
                } catch (RedisCommandExecutionException e) {
                    assertThat(e.getMessage()).isEqualTo(expected);
                    return true;
                }
            });
            assertThat(a.error("COMMIT")).isEqualTo(expected);
            assertThat(a.call("ZGET", "old")).as("nothing was written").isNull();
        }
    }

    @Test
    void shouldAnswerTransactionErrorsWithoutAnOpenTransaction(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            String none = "TRANSACTION there is no transaction in progress.";
            assertThat(a.error("COMMIT")).isEqualTo(none);
            assertThat(a.error("ROLLBACK")).isEqualTo(none);
            assertThat(a.error("GETREADVERSION")).isEqualTo(none);
            assertThat(a.error("GETAPPROXIMATESIZE")).isEqualTo(none);
            a.call("BEGIN");
            assertThat(a.error("BEGIN")).isEqualTo("TRANSACTION there is already a transaction in progress.");
            assertThat(a.error("COMMIT", "RETURNING", "nothing")).isEqualTo("ERR syntax error");
            assertThat(a.call("ROLLBACK")).isEqualTo("OK");
        }
    }

    @Test
    void shouldReturnTheCommittedVersionOrTheVersionstamp(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            a.call("BEGIN");
            a.call("ZSET", "returning", "1");
            long readVersion = (Long) a.call("GETREADVERSION");
            assertThat((Long) a.call("GETAPPROXIMATESIZE")).isPositive();
            long committed = (Long) a.call("COMMIT", "RETURNING", "committed-version");
            assertThat(committed).isGreaterThan(readVersion);

            a.call("BEGIN");
            assertThat(a.call("COMMIT", "RETURNING", "committed_version")).as("read-only").isEqualTo(-1L);

            a.call("BEGIN");
            a.call("ZSET", "returning", "2");
            assertThat((String) a.call("COMMIT", "RETURNING", "VERSIONSTAMP")).hasSize(10);
            a.call("BEGIN");
            assertThat(a.error("COMMIT", "RETURNING", "versionstamp")).as("nothing changed, no versionstamp")
                .startsWith("NO_COMMIT_VERSION ");
        }
    }

    @Test
    void shouldTickMonotonically(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            long first = (Long) a.call("TICK", "FRESH");
            a.call("ZSET", "tick", "1");
            long second = (Long) a.call("TICK", "fresh");
            assertThat(second).isGreaterThan(first);
            long cached = (Long) a.call("TICK", "CACHED");
            assertThat(cached).isGreaterThanOrEqualTo(second);
            assertThat((Long) a.call("TICK", "CACHED")).isGreaterThanOrEqualTo(cached);
            assertThat(a.error("TICK", "SOON")).isEqualTo("ERR illegal argument for TICK: 'SOON'");
        }
    }

    @Test
    void shouldCancelTheTransactionOfAClosedConnection(RunningServer server) {
        try (ZClient b = ZClient.connect(client, server)) {
            ZClient a = ZClient.connect(client, server);
            a.call("BEGIN");
            a.call("ZSET", "abandoned", "1");
            a.close();
            assertThat(b.call("ZGET", "abandoned")).isNull();
            b.call("BEGIN");
            b.call("ZGET", "abandoned");
            b.call("ZSET", "abandoned", "2");
            assertThat(b.call("COMMIT")).isEqualTo("OK");
            assertThat(b.call("ZGET", "abandoned")).isEqualTo("2");
        }
    }

    @Test
    void shouldMapMetastoreFailuresToTheirFoundationDbNames(RunningServer server) {
        try (ZClient a = ZClient.connect(client, server)) {
            assertThat(a.error("ZSET", "big", "x".repeat(100_001)))
                .isEqualTo("VALUE_TOO_LARGE Value length exceeds limit");
            assertThat(a.error("ZSET", "k".repeat(10_001), "v")).isEqualTo("KEY_TOO_LARGE Key length exceeds limit");
            assertThat(a.error("ZDELRANGE", "b", "a")).startsWith("INVERTED_RANGE ");
            a.call("BEGIN");
            assertThat(a.error("ZSET", "big", "x".repeat(100_001))).startsWith("VALUE_TOO_LARGE ");
            assertThat(a.call("ROLLBACK")).isEqualTo("OK");
        }
    }
}
