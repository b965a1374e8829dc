package io.kronotop.server.cluster;

import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KR.ADMIN ROUTE and DROP-CLUSTER across two members sharing one metastore, through RespClient and Lettuce. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KrAdminRouteIT {
    private ClusterHarness harness;
    private RunningServer first;
    private RunningServer second;
    private RespClient admin;

    @BeforeEach
    void start() {
        harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=4",
            "cluster.bucket.shards=1", "cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=1000");
        first = harness.start();
        second = harness.start();
        admin = RespClient.connect(first.adminPort());
        admin.call("HELLO", "3");
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
    }

    @AfterEach
    void stop() {
        admin.close();
        harness.close();
    }

    private static String id(RunningServer member) {
        return member.server().cluster().localMemberId();
    }

    private Object kr(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "KR.ADMIN";
        System.arraycopy(args, 0, command, 1, args.length);
        return admin.call(command);
    }

    private Map<Object, Object> shard(String kind, int id) {
        return asMap(kr("DESCRIBE-SHARD", kind, Integer.toString(id)));
    }

    @Test
    void shouldAssignPrimariesAndStandbys() {
        String a = id(first);
        String b = id(second);
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "0", b)).isEqualTo(new Err("ERR no primary member assigned yet"));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "*", a)).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "1", b.substring(0, 4))).isEqualTo("OK");
        assertThat(shard("REDIS", 1)).containsEntry("primary", a).containsEntry("standbys", List.of(b));
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "1", b)).isEqualTo(new Err("ERR already assigned as a standby"));
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "1", a))
            .isEqualTo(new Err("ERR primary cannot be assigned as a standby"));
        assertThat(kr("ROUTE", "UNSET", "STANDBY", "REDIS", "2", b)).isEqualTo(new Err("ERR member is not a standby"));
        assertThat(kr("ROUTE", "UNSET", "STANDBY", "REDIS", "1", b)).isEqualTo("OK");
        assertThat(shard("REDIS", 1)).containsEntry("standbys", List.of());
        assertThat(kr("ROUTE", "UNSET", "PRIMARY", "REDIS", "1", a)).isEqualTo(new Err("ERR UNSET PRIMARY is not supported"));
    }

    @Test
    void shouldApplyStarToEveryShardOrToNone() {
        String a = id(first);
        String b = id(second);
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "*", a)).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "2", b)).isEqualTo("OK");
        // shard 2 already has b as a standby: the whole * change is refused and no other shard gets it
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "*", b)).isEqualTo(new Err("ERR already assigned as a standby"));
        assertThat(shard("REDIS", 0)).containsEntry("standbys", List.of());
        assertThat(shard("REDIS", 3)).containsEntry("standbys", List.of());
        assertThat(kr("ROUTE", "UNSET", "STANDBY", "REDIS", "2", b)).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "STANDBY", "REDIS", "*", b)).isEqualTo("OK");
        for (int shard = 0; shard < 4; shard++) {
            assertThat(shard("REDIS", shard)).containsEntry("primary", a).containsEntry("standbys", List.of(b));
        }
    }

    @Test
    void shouldMoveAPrimaryOnlyToACaughtUpStandbyOfANonWritableShard() {
        String a = id(first);
        String b = id(second);
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "0", a)).isEqualTo("OK");
        assertThat(kr("SET-SHARD-STATUS", "BUCKET", "0", "READWRITE")).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "0", b)).isEqualTo(new Err("ERR Shard status must not be READWRITE"));
        assertThat(kr("SET-SHARD-STATUS", "BUCKET", "0", "READONLY")).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "0", b)).isEqualTo(new Err("ERR Member id: " + b + " is not a standby"));
        assertThat(kr("ROUTE", "SET", "STANDBY", "BUCKET", "0", b)).isEqualTo("OK");
        // the volume bucket-shard-0 is open on the first member and READWRITE
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "0", b)).isEqualTo(new Err("ERR Volume status must be READONLY"));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "0", a)).isEqualTo("OK");
        assertThat(shard("BUCKET", 0)).containsEntry("primary", a).containsEntry("standbys", List.of(b));
    }

    @Test
    void shouldRejectMalformedRoutes() {
        String a = id(first);
        assertThat(kr("ROUTE", "MOVE", "PRIMARY", "REDIS", "0", a)).isEqualTo(new Err("ERR Invalid operation kind: MOVE"));
        assertThat(kr("ROUTE", "SET", "OWNER", "REDIS", "0", a)).isEqualTo(new Err("ERR Invalid route kind: OWNER"));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "QUEUE", "0", a)).isEqualTo(new Err("ERR invalid shard kind"));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "4", a)).isEqualTo(new Err("ERR invalid shard id"));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "0", "12")).isEqualTo(new Err("ERR Invalid memberId: 12"));
        String unknown = a.startsWith("0") ? "1" + a.substring(1) : "0" + a.substring(1);
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "0", unknown))
            .isEqualTo(new Err("ERR Member could not be found: " + unknown));
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "0")).isEqualTo(
            new Err("ERR wrong number of arguments for 'kr.admin|route' command"));
    }

    @Test
    void shouldRouteThroughLettuce() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection =
                 client.connect(RedisURI.create("127.0.0.1", first.adminPort()))) {
            String reply = connection.sync().dispatch(KR_ADMIN, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("ROUTE").add("SET").add("PRIMARY").add("STASH").add("*")
                    .add(id(second)));
            assertThat(reply).isEqualTo("OK");
            assertThatThrownBy(() -> connection.sync().dispatch(KR_ADMIN, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("SET-SHARD-STATUS").add("REDIS").add("*").add("WRONG")))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessage("ERR Invalid shard status WRONG");
        } finally {
            client.shutdown();
        }
        assertThat(shard("REDIS", 3)).containsEntry("primary", id(second));
    }

    @Test
    void shouldDropTheClusterWithATwoPhaseToken() {
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "*", id(first))).isEqualTo("OK");
        assertThat(kr("DROP-CLUSTER", "production")).isEqualTo(new Err("ERR cluster name does not match"));
        assertThat(kr("DROP-CLUSTER", "development", "abc")).isEqualTo(
            new Err("ERR no pending drop-cluster token for this cluster"));
        String stale = (String) kr("DROP-CLUSTER", "development");
        String token = (String) kr("DROP-CLUSTER", "development");
        assertThat(token).isNotEqualTo(stale).hasSize(36);
        // a newer token replaced the first one; a wrong attempt consumes the pending token
        assertThat(kr("DROP-CLUSTER", "development", stale)).isEqualTo(new Err("ERR invalid drop-cluster token"));
        assertThat(kr("DROP-CLUSTER", "development", token)).isEqualTo(
            new Err("ERR no pending drop-cluster token for this cluster"));
        token = (String) kr("DROP-CLUSTER", "development");
        assertThat(kr("DROP-CLUSTER", "development", token)).isEqualTo("OK");
        assertThat(kr("DESCRIBE-CLUSTER")).isEqualTo(new Err("ERR cluster has not been initialized yet"));
        assertThat(first.server().cluster().routing().initialized()).isFalse();
        try (RespClient peer = RespClient.connect(first.adminPort())) {
            assertThat(peer.call("VOLUME.ADMIN", "LIST")).isEqualTo(List.of());
        }
        // members stay registered: a new cluster can be initialised and routed at once
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "PRIMARY", "REDIS", "0", id(second))).isEqualTo("OK");
        try (RespClient client = RespClient.connect(first.port())) {
            assertThat(client.call("NAMESPACE", "CURRENT")).isEqualTo("global");
            assertThat(client.call("ZSET", "k", "v")).isEqualTo("OK");
        }
    }

    private static final ProtocolKeyword KR_ADMIN = new ProtocolKeyword() {
        private final byte[] bytes = "KR.ADMIN".getBytes(StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return "KR.ADMIN";
        }
    };
}
