package io.kronotop.server.txn;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import io.kronotop.server.zmap.ZClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 connections each run 1,000 read-increment-write transactions on 8 shared keys, retrying on conflicts;
 * the final values equal the number of increments each key received, exactly.
 */
@RealServer
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentIncrementIT {
    private static final int CONNECTIONS = 32;
    private static final int TRANSACTIONS = 1_000;
    private static final int KEYS = 8;

    @Test
    void shouldCountEveryIncrementExactlyOnce(RunningServer server) throws Exception {
        RedisClient client = RedisClient.create();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS, Thread.ofPlatform().name("incr-", 0)
            .factory());
        AtomicLongArray expected = new AtomicLongArray(KEYS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int id = c;
                results.add(pool.submit(() -> run(client, server, id, expected)));
            }
            long retries = 0;
            for (Future<Long> f : results) {
                retries += f.get();
            }
            try (ZClient check = ZClient.connect(client, server)) {
                long total = 0;
                for (int k = 0; k < KEYS; k++) {
                    Long value = (Long) check.call("ZGET.I64", "counter-" + k);
                    assertThat(value).as("counter-%d", k).isEqualTo(expected.get(k));
                    total += value;
                }
                assertThat(total).isEqualTo((long) CONNECTIONS * TRANSACTIONS);
            }
            assertThat(retries).isGreaterThanOrEqualTo(0);
        } finally {
            pool.shutdownNow();
            client.shutdown();
        }
    }

    /** Returns the number of retries. */
    private static long run(RedisClient client, RunningServer server, int id, AtomicLongArray expected)
        throws InterruptedException {
        long retries = 0;
        try (ZClient z = ZClient.connect(client, server)) {
            for (int i = 0; i < TRANSACTIONS; i++) {
                int k = (id + i) % KEYS;
                String key = "counter-" + k;
                while (!tryIncrement(z, key)) {
                    retries++;
                }
                expected.incrementAndGet(k);
            }
        }
        return retries;
    }

    private static boolean tryIncrement(ZClient z, String key) throws InterruptedException {
        RedisFuture<Object> begin = z.callAsync("BEGIN");
        RedisFuture<Object> read = z.callAsync("ZGET.I64", key);
        try {
            begin.get();
            Object value = read.get();
            long next = (value == null ? 0 : (Long) value) + 1;
            RedisFuture<Object> write = z.callAsync("ZSET.I64", key, Long.toString(next));
            RedisFuture<Object> commit = z.callAsync("COMMIT");
            write.get();
            commit.get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException r && r.getMessage().startsWith("NOT_COMMITTED")) {
                return false;
            }
            throw new AssertionError(e);
        }
    }
}
