package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lettuce writes and reads 100,000 keys that cover all 16,384 slots, spread over every shard and reactor. */
@RealServer(config = {"cluster.redis.shards=8", "server.reactors=3"})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LettuceKeyspaceIT {

    /** {@code n} keys: first one per slot (through a hash tag found for each slot), then plain ones. */
    private static String[] keys(int n) {
        String[] keys = new String[n];
        int found = 0;
        for (int j = 0; found < SlotHash.SLOTS; j++) {
            String tag = "t" + j;
            int slot = SlotHash.slot(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (keys[slot] == null) {
                keys[slot] = "{" + tag + "}:k";
                found++;
            }
        }
        for (int i = SlotHash.SLOTS; i < n; i++) {
            keys[i] = "lettuce:" + i;
        }
        return keys;
    }

    @Test
    void shouldWriteAndReadOneHundredThousandKeysAcrossAllSlots(RunningServer server) {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            async.flushall();
            int n = 100_000;
            String[] keys = keys(n);
            BitSet slots = new BitSet(SlotHash.SLOTS);
            List<RedisFuture<?>> writes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String key = keys[i];
                slots.set(SlotHash.slot(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                writes.add(i % 2 == 0 ? async.set(key, "v" + i) : async.hset(key, "f", "v" + i));
            }
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(120), writes.toArray(new RedisFuture<?>[0]))).isTrue();
            assertThat(slots.cardinality()).isEqualTo(SlotHash.SLOTS);
            List<RedisFuture<String>> reads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String key = keys[i];
                reads.add(i % 2 == 0 ? async.get(key) : async.hget(key, "f"));
            }
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(120), reads.toArray(new RedisFuture<?>[0]))).isTrue();
            for (int i = 0; i < n; i++) {
                assertThat(reads.get(i).toCompletableFuture().join()).isEqualTo("v" + i);
            }
            assertThat(connection.sync().dbsize()).isEqualTo(n);
            assertThat(connection.sync().type(keys[1])).isEqualTo("hash");
        } finally {
            client.shutdown();
        }
    }
}
