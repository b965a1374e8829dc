package io.kronotop.server.cluster;

import io.kronotop.server.testing.ClusterHarness;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member sizes its keyspace by the cluster's REDIS shard count when the cluster exists at its start; one that
 * started before the cluster was initialised elsewhere with another count must not map slots to the wrong shards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisShardCountIT {

    @Test
    void shouldServeNoKeysWhenTheClusterWasInitialisedElsewhereWithAnotherCount() {
        try (ClusterHarness harness = ClusterHarness.create("cluster.bootstrap=manual",
            "cluster.heartbeat.interval.ms=100", "cluster.silent.period.ms=1000")) {
            RunningServer first = harness.start("cluster.redis.shards=2");
            RunningServer late = harness.start("cluster.redis.shards=3");
            String lateId = late.server().cluster().localMemberId();
            try (RespClient admin = RespClient.connect(first.adminPort())) {
                assertThat(admin.call("KR.ADMIN", "INITIALIZE-CLUSTER")).isEqualTo("OK");
                assertThat(admin.call("KR.ADMIN", "ROUTE", "SET", "PRIMARY", "REDIS", "*", lateId)).isEqualTo("OK");
                assertThat(admin.call("KR.ADMIN", "SET-SHARD-STATUS", "REDIS", "*", "READWRITE")).isEqualTo("OK");
            }
            // listeners have seen the routed table once refresh completes
            late.server().cluster().refresh().join();
            first.server().cluster().refresh().join();

            try (RespClient client = RespClient.connect(late.port())) {
                // of 3 shards, slot 5061 would be shard 0, which the table routes here: served from the wrong shard
                assertThat(client.call("SET", "bar", "v")).isInstanceOf(RespClient.Err.class).asString()
                    .contains("not owned by any member yet");
            }
            try (RespClient client = RespClient.connect(first.port())) {
                assertThat(client.call("SET", "bar", "v")).isEqualTo(new RespClient.Err("MOVED 5061 127.0.0.1:"
                    + late.port()));
            }

            // restarted, it serves the cluster's count, whatever its own setting
            late.server().close();
            RunningServer again = harness.start(late.dataDir(), "cluster.redis.shards=3");
            try (RespClient client = RespClient.connect(again.port())) {
                assertThat(client.call("SET", "bar", "v")).isEqualTo("OK");
                assertThat(client.call("GET", "bar")).isEqualTo("v");
            }
        }
    }
}
