package io.kronotop.server.cluster;

import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/** Every KR.ADMIN subcommand on a manually bootstrapped member, its replies in RESP2 and RESP3, and its errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KrAdminIT {
    private static final Err NOT_INITIALIZED = new Err("ERR cluster has not been initialized yet");

    private ClusterHarness harness;
    private RunningServer member;
    private RespClient admin;

    @BeforeEach
    void start() {
        harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=4",
            "cluster.bucket.shards=2", "cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=1000");
        member = harness.start();
        admin = RespClient.connect(member.adminPort());
        admin.call("HELLO", "3");
    }

    @AfterEach
    void stop() {
        admin.close();
        harness.close();
    }

    private String memberId() {
        return member.server().cluster().localMemberId();
    }

    private Object kr(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "KR.ADMIN";
        System.arraycopy(args, 0, command, 1, args.length);
        return admin.call(command);
    }

    @Test
    void shouldRefuseEverySubcommandButInitializeBeforeTheClusterIsInitialised() {
        String id = memberId();
        for (List<String> command : List.of(List.of("DESCRIBE-CLUSTER"), List.of("DESCRIBE-SHARD", "REDIS", "0"),
            List.of("DESCRIBE-MEMBER"), List.of("LIST-MEMBERS"), List.of("FIND-MEMBER", id),
            List.of("LIST-SILENT-MEMBERS"), List.of("SET-MEMBER-STATUS", id, "RUNNING"), List.of("REMOVE-MEMBER", id),
            List.of("ROUTE", "SET", "PRIMARY", "REDIS", "*", id), List.of("SET-SHARD-STATUS", "REDIS", "*", "READONLY"),
            List.of("DROP-CLUSTER", "development"))) {
            assertThat(kr(command.toArray(String[]::new))).as(command.toString()).isEqualTo(NOT_INITIALIZED);
        }
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo(new Err("ERR cluster has already been initialized"));
    }

    @Test
    void shouldDescribeTheClusterInBothProtocols() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        Map<Object, Object> described = asMap(kr("DESCRIBE-CLUSTER"));
        assertThat(described).containsEntry("metadata_version", "1.0.0").containsEntry("cluster_name", "development");
        Map<Object, Object> redis = asMap(described.get("redis"));
        assertThat(redis).containsOnlyKeys(0L, 1L, 2L, 3L);
        assertThat(asMap(redis.get(2L))).containsEntry("primary", "").containsEntry("standbys", List.of())
            .containsEntry("status", "INOPERABLE").containsEntry("linked_volumes", List.of("redis-shard-2"));
        assertThat(asMap(described.get("bucket"))).containsOnlyKeys(0L, 1L);

        try (RespClient resp2 = RespClient.connect(member.adminPort())) {
            List<Object> flat = asList(resp2.call("KR.ADMIN", "DESCRIBE-CLUSTER"));
            assertThat(flat).hasSize(8).startsWith("metadata_version", "1.0.0", "cluster_name", "development",
                "redis");
            List<Object> redis2 = asList(flat.get(5));
            assertThat(redis2).hasSize(8).element(0).isEqualTo(0L);
            assertThat(asList(redis2.get(1))).containsExactly("primary", "", "standbys", List.of(), "status",
                "INOPERABLE", "linked_volumes", List.of("redis-shard-0"));
        }
    }

    @Test
    void shouldDescribeAShardAndRejectBadArguments() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        assertThat(kr("ROUTE", "SET", "PRIMARY", "BUCKET", "1", memberId())).isEqualTo("OK");
        assertThat(asMap(kr("DESCRIBE-SHARD", "bucket", "1"))).containsEntry("primary", memberId())
            .containsEntry("status", "INOPERABLE").containsEntry("linked_volumes", List.of("bucket-shard-1"));
        assertThat(asMap(kr("DESCRIBE-SHARD", "STASH", "3"))).containsEntry("primary", "");
        assertThat(kr("DESCRIBE-SHARD", "REDIS")).isEqualTo(new Err("ERR invalid number of parameters"));
        assertThat(kr("DESCRIBE-SHARD", "REDIS", "1", "2")).isEqualTo(new Err("ERR invalid number of parameters"));
        assertThat(kr("DESCRIBE-SHARD", "QUEUE", "1")).isEqualTo(new Err("ERR invalid shard kind"));
        assertThat(kr("DESCRIBE-SHARD", "REDIS", "x")).isEqualTo(new Err("ERR invalid shard id"));
        assertThat(kr("DESCRIBE-SHARD", "REDIS", "-1")).isEqualTo(new Err("ERR invalid shard id"));
        assertThat(kr("DESCRIBE-SHARD", "REDIS", "4")).isEqualTo(new Err("ERR invalid shard id"));
        try (RespClient resp2 = RespClient.connect(member.adminPort())) {
            assertThat(asList(resp2.call("KR.ADMIN", "DESCRIBE-SHARD", "BUCKET", "1"))).containsExactly("primary",
                memberId(), "standbys", List.of(), "status", "INOPERABLE", "linked_volumes", List.of("bucket-shard-1"));
        }
    }

    @Test
    void shouldDescribeThisMemberAndListAndFindMembers() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        Map<Object, Object> me = asMap(kr("DESCRIBE-MEMBER"));
        assertThat(me).containsOnlyKeys("member_id", "status", "process_id", "external_host", "external_port",
            "internal_host", "internal_port", "latest_heartbeat");
        assertThat(me).containsEntry("member_id", memberId()).containsEntry("status", "RUNNING")
            .containsEntry("external_host", "127.0.0.1").containsEntry("external_port", (long) member.port())
            .containsEntry("internal_port", (long) member.adminPort());
        assertThat((String) me.get("process_id")).hasSize(16);
        assertThat((Long) me.get("latest_heartbeat")).isGreaterThanOrEqualTo(0L);

        Map<Object, Object> listed = asMap(kr("LIST-MEMBERS"));
        assertThat(listed).containsOnlyKeys(memberId());
        assertThat(asMap(listed.get(memberId()))).containsEntry("status", "RUNNING")
            .containsEntry("process_id", me.get("process_id")).doesNotContainKey("member_id");

        assertThat(asMap(kr("FIND-MEMBER", memberId()))).containsEntry("internal_port", (long) member.adminPort());
        assertThat(asMap(kr("FIND-MEMBER", memberId().substring(0, 4).toUpperCase(java.util.Locale.ROOT))))
            .containsEntry("status", "RUNNING");
        String other = "0123456789012345678901234567890123456789".equals(memberId())
            ? "1123456789012345678901234567890123456789" : "0123456789012345678901234567890123456789";
        assertThat(kr("FIND-MEMBER", other)).isEqualTo(new Err("ERR Member: " + other + " not registered"));
        assertThat(kr("FIND-MEMBER", "xyz")).isEqualTo(new Err("ERR Invalid memberId: xyz"));
        String absentPrefix = memberId().startsWith("ffff") ? "0000" : "ffff";
        assertThat(kr("FIND-MEMBER", absentPrefix))
            .isEqualTo(new Err("ERR no member found with prefix: " + absentPrefix));
        assertThat(kr("FIND-MEMBER")).isEqualTo(new Err("ERR member id is required"));

        try (RespClient resp2 = RespClient.connect(member.adminPort())) {
            List<Object> flat = asList(resp2.call("KR.ADMIN", "DESCRIBE-MEMBER"));
            assertThat(flat).hasSize(16).startsWith("member_id", memberId(), "status", "RUNNING", "process_id");
            List<Object> members = asList(resp2.call("KR.ADMIN", "LIST-MEMBERS"));
            assertThat(members).hasSize(2).first().isEqualTo(memberId());
        }
    }

    @Test
    void shouldAdvanceTheHeartbeatCounter() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        long first = (Long) asMap(kr("DESCRIBE-MEMBER")).get("latest_heartbeat");
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .until(() -> (Long) asMap(kr("DESCRIBE-MEMBER")).get("latest_heartbeat") > first);
        assertThat(kr("LIST-SILENT-MEMBERS")).isEqualTo(List.of());
    }

    @Test
    void shouldSetMemberStatusAndRemoveOnlyMembersThatAreNotRunning() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        String prefix = memberId().substring(0, 4);
        assertThat(kr("SET-MEMBER-STATUS", prefix, "BUSY")).isEqualTo(new Err("ERR Invalid member status BUSY"));
        assertThat(kr("REMOVE-MEMBER", memberId()))
            .isEqualTo(new Err("ERR Member in RUNNING status cannot be removed"));
        assertThat(kr("SET-MEMBER-STATUS", prefix, "unavailable")).isEqualTo("OK");
        assertThat(asMap(kr("DESCRIBE-MEMBER"))).containsEntry("status", "UNAVAILABLE");
        assertThat(member.server().cluster().routing().member(memberId()).status())
            .isEqualTo(MemberStatus.UNAVAILABLE);
        String unknown = memberId().startsWith("0") ? "1" + memberId().substring(1) : "0" + memberId().substring(1);
        assertThat(kr("SET-MEMBER-STATUS", unknown, "STOPPED"))
            .isEqualTo(new Err("ERR Member could not be found: " + unknown));
        assertThat(kr("REMOVE-MEMBER", "not-an-id")).isEqualTo(new Err("ERR Invalid memberId: not-an-id"));
        assertThat(kr("REMOVE-MEMBER", memberId())).isEqualTo("OK");
        assertThat(asMap(kr("LIST-MEMBERS"))).isEmpty();
        assertThat(kr("FIND-MEMBER", memberId())).isEqualTo(new Err("ERR Member: " + memberId() + " not registered"));
    }

    @Test
    void shouldSetShardStatusesOneOrAll() {
        assertThat(kr("INITIALIZE-CLUSTER")).isEqualTo("OK");
        assertThat(kr("SET-SHARD-STATUS", "REDIS", "*", "READWRITE")).isEqualTo("OK");
        assertThat(kr("SET-SHARD-STATUS", "stash", "2", "readonly")).isEqualTo("OK");
        RoutingTable table = member.server().cluster().routing();
        assertThat(table.route(ShardKind.REDIS, 0).status()).isEqualTo(ShardStatus.READWRITE);
        assertThat(table.route(ShardKind.REDIS, 2).status()).isEqualTo(ShardStatus.READONLY);
        assertThat(table.route(ShardKind.BUCKET, 0).status()).isEqualTo(ShardStatus.INOPERABLE);
        assertThat(asMap(kr("DESCRIBE-SHARD", "REDIS", "3"))).containsEntry("status", "READWRITE");
        assertThat(kr("SET-SHARD-STATUS", "REDIS", "*", "BROKEN")).isEqualTo(new Err("ERR Invalid shard status BROKEN"));
        assertThat(kr("SET-SHARD-STATUS", "QUEUE", "*", "READONLY")).isEqualTo(new Err("ERR invalid shard kind"));
        assertThat(kr("SET-SHARD-STATUS", "REDIS", "9", "READONLY")).isEqualTo(new Err("ERR invalid shard id"));
        assertThat(kr("SET-SHARD-STATUS", "REDIS", "one", "READONLY")).isEqualTo(new Err("ERR invalid shard id"));
        assertThat(kr("SET-SHARD-STATUS", "REDIS", "*")).isEqualTo(
            new Err("ERR wrong number of arguments for 'kr.admin|set-shard-status' command"));
    }

    @Test
    void shouldRejectUnknownSubcommandsAndServeOnlyOnTheAdminPort() {
        assertThat(kr("NOPE")).isEqualTo(new Err("ERR unknown subcommand 'NOPE'. Try KR.ADMIN HELP."));
        try (RespClient client = RespClient.connect(member.port())) {
            assertThat(client.call("KR.ADMIN", "DESCRIBE-MEMBER")).isInstanceOf(Err.class);
        }
    }
}
