package io.kronotop.server.cluster;

import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cluster.bootstrap=auto}: a fresh member initialises and owns a one-member cluster; restarts keep it. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AutoBootstrapIT {
    private static final String[] CONFIG = {"cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=600"};

    @Test
    void shouldInitialiseAOneMemberClusterOwningEveryShard() {
        try (ClusterHarness harness = ClusterHarness.create(CONFIG)) {
            RunningServer member = harness.start();
            Cluster cluster = member.server().cluster();
            RoutingTable table = cluster.routing();
            assertThat(table.initialized()).isTrue();
            assertThat(table.shardCount(ShardKind.REDIS)).as("one per reactor").isEqualTo(2);
            assertThat(table.shardCount(ShardKind.BUCKET)).isEqualTo(1);
            for (ShardKind kind : ShardKind.values()) {
                for (int shard = 0; shard < table.shardCount(kind); shard++) {
                    assertThat(table.route(kind, shard).primary()).isEqualTo(cluster.localMemberId());
                    assertThat(table.route(kind, shard).status()).isEqualTo(ShardStatus.READWRITE);
                }
            }
            assertThat(cluster.ownerReactor(ShardKind.REDIS, 0)).isNotSameAs(cluster.ownerReactor(ShardKind.REDIS, 1));
            try (RespClient admin = RespClient.connect(member.adminPort())) {
                assertThat(asList(admin.call("VOLUME.ADMIN", "LIST"))).containsExactlyInAnyOrder("bucket-shard-0",
                    "redis-shard-0", "redis-shard-1");
                String info = (String) admin.call("INFO", "cluster");
                assertThat(info).contains("# Cluster\r\n", "member_id:" + cluster.localMemberId() + "\r\n",
                    "cluster_name:development\r\n", "cluster_initialized:1\r\n", "owned_redis_shards:2\r\n",
                    "reactor_0_shards:redis=0 bucket=0\r\n", "reactor_1_shards:redis=1 bucket=-\r\n");
            }
        }
    }

    @Test
    void shouldKeepTheMemberIdAndTheClusterAcrossRestarts() throws Exception {
        try (ClusterHarness harness = ClusterHarness.create(CONFIG)) {
            Path dataDir = harness.nextDataDir();
            RunningServer first = harness.start(dataDir);
            String memberId = first.server().cluster().localMemberId();
            assertThat(Files.readString(dataDir.resolve(MemberIdentity.FILE), StandardCharsets.US_ASCII).trim())
                .isEqualTo(memberId);
            String processId = first.server().cluster().localMember().processId();
            try (RespClient admin = RespClient.connect(first.adminPort())) {
                assertThat(admin.call("KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "1", "READONLY")).isEqualTo("OK");
            }
            first.server().close();

            // another shard count configured here changes nothing: the cluster was initialised with 2
            RunningServer second = harness.start(dataDir, "cluster.redis.shards=5");
            Cluster cluster = second.server().cluster();
            assertThat(cluster.localMemberId()).isEqualTo(memberId);
            assertThat(cluster.localMember().processId()).isNotEqualTo(processId);
            assertThat(cluster.routing().route(ShardKind.REDIS, 1).status()).isEqualTo(ShardStatus.READONLY);
            assertThat(cluster.routing().primaryShards(memberId, ShardKind.REDIS)).hasSize(2);
            try (RespClient client = RespClient.connect(second.port())) {
                // slot 5061 is in shard 0 of 2 (READWRITE); of 5 shards it would be in shard 1, which is READONLY
                assertThat(client.call("SET", "bar", "written")).isEqualTo("OK");
            }
            try (RespClient admin = RespClient.connect(second.adminPort())) {
                admin.call("HELLO", "3");
                Map<Object, Object> members = asMap(admin.call("KR.ADMIN", "LIST-MEMBERS"));
                assertThat(members).containsOnlyKeys(memberId);
                assertThat(asMap(members.get(memberId))).containsEntry("status", "RUNNING")
                    .containsEntry("internal_port", (long) second.adminPort());
            }
        }
    }

    @Test
    void shouldRefuseASecondProcessWithTheSameMemberId() throws Exception {
        try (ClusterHarness harness = ClusterHarness.create(CONFIG)) {
            RunningServer running = harness.start();
            Path copy = harness.nextDataDir();
            Files.createDirectories(copy);
            Files.copy(running.dataDir().resolve(MemberIdentity.FILE), copy.resolve(MemberIdentity.FILE));
            assertThatThrownBy(() -> harness.start(copy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is already running");
            try (RespClient admin = RespClient.connect(running.adminPort())) {
                admin.call("HELLO", "3");
                assertThat(asMap(admin.call("KR.ADMIN", "DESCRIBE-MEMBER"))).containsEntry("status", "RUNNING")
                    .containsEntry("internal_port", (long) running.adminPort());
            }
        }
    }

    @Test
    void shouldTakeOverFromAPredecessorThatStoppedWithoutDeregistering() {
        try (ClusterHarness harness = ClusterHarness.create(CONFIG)) {
            Path dataDir = harness.nextDataDir();
            RunningServer crashed = harness.start(dataDir);
            String memberId = crashed.server().cluster().localMemberId();
            crashed.server().halt();
            RunningServer restarted = harness.start(dataDir);
            assertThat(restarted.server().cluster().localMemberId()).isEqualTo(memberId);
            assertThat(restarted.server().cluster().routing().member(memberId).status())
                .isEqualTo(MemberStatus.RUNNING);
            assertThat(restarted.server().cluster().routing().member(memberId).internalPort())
                .isEqualTo(restarted.adminPort());
        }
    }
}
