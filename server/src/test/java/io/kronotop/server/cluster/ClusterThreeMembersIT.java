package io.kronotop.server.cluster;

import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three members in one JVM on one metastore: shards routed across them, a primary moved live from one member to
 * another (volumes close and open, INFO follows), shard statuses applied everywhere, and a member stopped
 * without deregistering reported silent by the other two.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterThreeMembersIT {
    private static final long SILENT_MS = 1000;

    private static String id(RunningServer member) {
        return member.server().cluster().localMemberId();
    }

    private static Object call(RunningServer member, String... command) {
        try (RespClient admin = RespClient.connect(member.adminPort())) {
            admin.call("HELLO", "3");
            return admin.call(command);
        }
    }

    private static List<Object> volumes(RunningServer member) {
        return asList(call(member, "VOLUME.ADMIN", "LIST"));
    }

    private static String info(RunningServer member) {
        return (String) call(member, "INFO", "cluster");
    }

    private static void awaitStatus(List<RunningServer> members, int shard, ShardStatus status) {
        for (RunningServer member : members) {
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                member.server().cluster().routing().route(ShardKind.REDIS, shard).status() == status);
        }
    }

    @Test
    void shouldRouteMoveOwnershipApplyStatusesAndDetectASilentMember() {
        try (ClusterHarness harness = ClusterHarness.create("cluster.bootstrap=manual", "cluster.redis.shards=6",
            "cluster.bucket.shards=1", "cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=" + SILENT_MS)) {
            RunningServer a = harness.start();
            RunningServer b = harness.start();
            RunningServer c = harness.start();
            List<RunningServer> all = List.of(a, b, c);
            assertThat(call(b, "KR.ADMIN", "INITIALIZE-CLUSTER")).isEqualTo("OK");
            for (int shard = 0; shard < 6; shard++) {
                assertThat(call(a, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", Integer.toString(shard),
                    id(all.get(shard % 3)).substring(0, 4))).isEqualTo("OK");
            }
            assertThat(call(a, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "BUCKET", "0", id(a))).isEqualTo("OK");
            assertThat(call(c, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READWRITE")).isEqualTo("OK");
            for (int shard = 0; shard < 6; shard++) {
                awaitStatus(all, shard, ShardStatus.READWRITE);
            }

            // each member opens the volumes of the shards it is primary for, and pins them to reactors
            await().atMost(10, TimeUnit.SECONDS).until(() -> volumes(a).equals(
                List.of("bucket-shard-0", "redis-shard-0", "redis-shard-3")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> volumes(b).equals(List.of("redis-shard-1", "redis-shard-4")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> volumes(c).equals(List.of("redis-shard-2", "redis-shard-5")));
            assertThat(info(b)).contains("reactor_0_shards:redis=4 bucket=-\r\n", "reactor_1_shards:redis=1 bucket=-\r\n");
            assertThat(asMap(asMap(call(c, "KR.ADMIN", "DESCRIBE-CLUSTER")).get("redis"))).hasSize(6);

            // move REDIS shard 1 from b to c, the documented manual way
            assertThat(call(a, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "1", "READONLY")).isEqualTo("OK");
            assertThat(call(a, "KR.ADMIN", "ROUTE", "SET", "STANDBY", "REDIS", "1", id(c))).isEqualTo("OK");
            assertThat(call(b, "VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "READONLY")).isEqualTo("OK");
            assertThat(call(a, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", "1", id(c))).isEqualTo("OK");
            await().atMost(10, TimeUnit.SECONDS).until(() -> volumes(b).equals(List.of("redis-shard-4")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> volumes(c).equals(
                List.of("redis-shard-1", "redis-shard-2", "redis-shard-5")));
            assertThat(info(c)).contains("owned_redis_shards:3\r\n", "reactor_0_shards:redis=2 bucket=-\r\n",
                "reactor_1_shards:redis=1,5 bucket=-\r\n");
            assertThat(info(b)).contains("owned_redis_shards:1\r\n", "reactor_1_shards:redis=- bucket=-\r\n");
            assertThat(asMap(call(b, "KR.ADMIN", "DESCRIBE-SHARD", "REDIS", "1"))).containsEntry("primary", id(c))
                .containsEntry("standbys", List.of());
            assertThat(call(c, "VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "READWRITE")).isEqualTo("OK");
            assertThat(call(c, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "1", "READWRITE")).isEqualTo("OK");
            awaitStatus(all, 1, ShardStatus.READWRITE);

            // a status change made through one member is applied by all
            assertThat(call(b, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READONLY")).isEqualTo("OK");
            for (int shard = 0; shard < 6; shard++) {
                awaitStatus(all, shard, ShardStatus.READONLY);
            }

            // nobody is silent while all beat; a halted member is reported by the other two
            assertThat(call(a, "KR.ADMIN", "LIST-SILENT-MEMBERS")).isEqualTo(List.of());
            c.server().halt();
            await().atMost(SILENT_MS * 3, TimeUnit.MILLISECONDS).until(() ->
                call(a, "KR.ADMIN", "LIST-SILENT-MEMBERS").equals(List.of(id(c))));
            await().atMost(SILENT_MS * 3, TimeUnit.MILLISECONDS).until(() ->
                call(b, "KR.ADMIN", "LIST-SILENT-MEMBERS").equals(List.of(id(c))));
            assertThat(asMap(asMap(call(a, "KR.ADMIN", "LIST-MEMBERS")).get(id(c)))).containsEntry("status", "RUNNING");

            // a graceful stop deregisters (STOPPED), so it is not suspected
            b.server().close();
            assertThat(asMap(asMap(call(a, "KR.ADMIN", "LIST-MEMBERS")).get(id(b)))).containsEntry("status", "STOPPED");
            await().atMost(SILENT_MS * 3, TimeUnit.MILLISECONDS).during(SILENT_MS + 500, TimeUnit.MILLISECONDS)
                .until(() -> call(a, "KR.ADMIN", "LIST-SILENT-MEMBERS").equals(List.of(id(c))));
        }
    }
}
