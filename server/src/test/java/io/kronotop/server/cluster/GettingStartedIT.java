package io.kronotop.server.cluster;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed README's "Initializing a Kronotop cluster" sequence, through redis-cli on the admin port, with
 * {@code cluster.bootstrap=manual}, ending with SET and GET on the client port through redis-cli.
 */
@RealServer(config = {"cluster.bootstrap=manual"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GettingStartedIT {

    @Test
    void shouldInitialiseRouteAndOpenTheClusterAsTheReadmeShows(RunningServer server) {
        int admin = server.adminPort();
        assertThat(RedisCli.run(admin, "PING")).isEqualTo("PONG");
        assertThat(RedisCli.run(admin, "KR.ADMIN", "DESCRIBE-CLUSTER").trim())
            .isEqualTo("ERR cluster has not been initialized yet");

        assertThat(RedisCli.run(admin, "KR.ADMIN", "INITIALIZE-CLUSTER")).isEqualTo("OK");

        // redis-cli -3 prints the map as "key" "value" lines; without -3 it prints a flat list, one per line.
        String described = RedisCli.run(admin, "-3", "KR.ADMIN", "DESCRIBE-MEMBER");
        assertThat(described).contains("member_id", "status", "RUNNING", "process_id", "external_host",
            "external_port", "internal_host", "internal_port", "latest_heartbeat");
        List<String> lines = List.of(RedisCli.run(admin, "KR.ADMIN", "DESCRIBE-MEMBER").split("\n"));
        assertThat(lines.getFirst()).isEqualTo("member_id");
        String memberId = lines.get(1);
        assertThat(memberId).matches("[0-9a-f]{40}");
        assertThat(lines.get(lines.indexOf("internal_port") + 1)).isEqualTo(Integer.toString(admin));

        // until the shards are routed and opened, keys are refused
        int port = server.port();
        assertThat(RedisCli.runWithInput(port, null, "SET", "key", "value").stdout())
            .startsWith("ERR shard id: ").contains(" not owned by any member yet");

        assertThat(RedisCli.run(admin, "KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", "*", memberId))
            .isEqualTo("OK");
        assertThat(RedisCli.run(admin, "KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READWRITE"))
            .isEqualTo("OK");

        // every member applies the routing change when its watch fires: wait for this one, then SET and GET
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            RedisCli.runWithInput(port, null, "SET", "key", "value").stdout().equals("OK\n"));
        assertThat(RedisCli.run(port, "GET", "key")).isEqualTo("value");
        assertThat(RedisCli.run(port, "-c", "SET", "{user}:1", "Kronotop")).isEqualTo("OK");
        assertThat(RedisCli.run(port, "-c", "GET", "{user}:1")).isEqualTo("Kronotop");

        try (RespClient client = RespClient.connect(admin)) {
            client.call("HELLO", "3");
            Map<Object, Object> redis = asMap(asMap(client.call("KR.ADMIN", "DESCRIBE-CLUSTER")).get("redis"));
            assertThat(redis).as("one shard per reactor").hasSize(2);
            for (Object shard : redis.values()) {
                assertThat(asMap(shard)).containsEntry("primary", memberId).containsEntry("status", "READWRITE");
            }
            assertThat(asList(client.call("VOLUME.ADMIN", "LIST"))).containsExactly("redis-shard-0",
                "redis-shard-1");
        }
        RoutingTable table = server.server().cluster().routing();
        for (int shard = 0; shard < table.shardCount(ShardKind.REDIS); shard++) {
            assertThat(table.route(ShardKind.REDIS, shard).status()).isEqualTo(ShardStatus.READWRITE);
            assertThat(table.route(ShardKind.REDIS, shard).primary()).isEqualTo(memberId);
        }
        assertThat(table.route(ShardKind.BUCKET, 0).primary()).isNull();
    }
}
