package io.kronotop.server.redis;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One shard driven on its own event loop with explicit times: no timers, no sleeps. */
class RedisShardTest {
    private EventLoop loop;
    private RedisShard shard;

    @BeforeEach
    void setUp() {
        loop = new DefaultEventLoop();
        shard = new RedisShard(0, 0, SlotHash.SLOTS - 1, loop);
    }

    @AfterEach
    void tearDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T on(Callable<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldTellTheListenerWhichKeysACommandChanged() throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> durable = new CompletableFuture<>();
        shard.listener((s, changes) -> {
            for (ShardWriteListener.KeyChange c : changes) {
                seen.add(new String(c.key(), StandardCharsets.UTF_8) + (c.newValue() == null ? "-" : "+"));
            }
            return durable;
        });
        Object stage = on(() -> {
            shard.put(b("a"), new StringValue(b("1")), -1, 1000);
            Entry e = shard.put(b("b"), new StringValue(b("2")), -1, 1000);
            shard.delete(e);
            return shard.endCommand();
        });
        assertThat(seen).containsExactly("a+", "b+", "b-");
        assertThat(stage).isSameAs(durable);
        assertThat(on(() -> shard.endCommand() == null)).as("nothing changed since").isTrue();
    }

    @Test
    void shouldReportHashFieldsSetAndDeletedInPlace() throws Exception {
        List<String> seen = new ArrayList<>();
        shard.listener((s, changes) -> {
            for (ShardWriteListener.KeyChange c : changes) {
                seen.add(c.field() == null ? (c.newValue() == null ? "del" : "key")
                    : new String(c.field(), StandardCharsets.UTF_8) + "=" + (c.fieldValue() == null ? "-"
                    : new String(c.fieldValue(), StandardCharsets.UTF_8)));
            }
            return null;
        });
        on(() -> {
            Entry e = HashStore.orCreate(shard, b("h"), 1000);
            HashStore.set(shard, e, b("a"), b("1"));
            HashStore.set(shard, e, b("b"), b("2"));
            HashStore.remove(shard, e, b("a"));
            HashStore.remove(shard, e, b("b"));
            return shard.endCommand();
        });
        assertThat(seen).containsExactly("key", "a=1", "b=2", "a=-", "del");
        assertThat(shard.keyCount()).isZero();
        assertThat(shard.memoryBytes()).isZero();
    }

    @Test
    void shouldExpireLazilyAndActively() throws Exception {
        on(() -> {
            for (int i = 0; i < 100; i++) {
                shard.put(b("k" + i), new StringValue(b("v")), 2000, 1000);
            }
            shard.put(b("forever"), new StringValue(b("v")), -1, 1000);
            return null;
        });
        assertThat(on(() -> shard.read(b("k1"), 1999) != null)).isTrue();
        assertThat(on(() -> shard.read(b("k1"), 2000))).isNull();
        assertThat(on(() -> shard.expireCycle(2000, TimeUnit.SECONDS.toNanos(1)))).isEqualTo(99);
        assertThat(shard.keyCount()).isEqualTo(1);
        assertThat(shard.expiresCount()).isZero();
        assertThat(shard.expiredKeys()).isEqualTo(100);
    }

    @Test
    void shouldBumpWatchedVersionsOnWritesExpiryAndFlush() throws Exception {
        WatchedKey w = on(() -> shard.watch(b("w")));
        long v0 = w.version();
        on(() -> shard.put(b("other"), new StringValue(b("v")), -1, 1000));
        assertThat(w.version()).isEqualTo(v0);
        on(() -> shard.put(b("w"), new StringValue(b("v")), 1500, 1000));
        long v1 = w.version();
        assertThat(v1).isGreaterThan(v0);
        on(() -> shard.lookup(b("w"), 1600));
        long v2 = w.version();
        assertThat(v2).as("expired").isGreaterThan(v1);
        on(() -> shard.put(b("w"), new StringValue(b("v")), -1, 1000));
        long v3 = w.version();
        on(() -> shard.flush());
        assertThat(w.version()).as("flushed").isGreaterThan(v3);
    }

    @Test
    void shouldScanEveryKeyWhileTheTableGrowsAndShrinks() throws Exception {
        on(() -> {
            for (int i = 0; i < 1000; i++) {
                shard.put(b("s" + i), new StringValue(b("v")), -1, 0);
            }
            return null;
        });
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            long c = cursor;
            int s = step++;
            cursor = on(() -> {
                long next = shard.scan(c, e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
                // Grow the table, then shrink it, between calls.
                if (s == 5) {
                    for (int i = 0; i < 5000; i++) {
                        shard.put(b("g" + i), new StringValue(b("v")), -1, 0);
                    }
                } else if (s == 50) {
                    for (int i = 0; i < 5000; i++) {
                        shard.delete(shard.lookup(b("g" + i), 0));
                    }
                }
                return next;
            });
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("s" + i);
        }
    }
}
