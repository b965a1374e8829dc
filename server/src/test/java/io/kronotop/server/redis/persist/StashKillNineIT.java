package io.kronotop.server.redis.persist;

import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.server.reactor.ThreadFactories;
import io.kronotop.volume.Volume;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a child JVM ({@link StashKillNineChild}) running a mixed SET/DEL/HSET/HDEL/EXPIRE/INCR load with
 * type changes through {@link ShardPersistence}, from many writer threads; after each kill the parent recovers the
 * shard itself and checks it against the acknowledgements. Sync mode: every acknowledged write is present with its
 * latest acknowledged value, acknowledged deletes stay deleted, counters are exact; only the one operation each
 * writer had in flight may or may not be there. Async mode: every slot (string, hash field, hash expiry) holds a
 * state no older than the last one acknowledged before {@code kill - window - slack}.
 *
 * <p>System properties: {@code kronotop.stash.kill.cycles} (sync, default 50), {@code
 * kronotop.stash.kill.async.cycles} (default 5), {@code kronotop.stash.kill.writers} (default 64),
 * {@code kronotop.test.seed} to replay.
 */
@Timeout(1800)
class StashKillNineIT {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.server.redis.persist.StashKillNineIT");
    private static final long ASYNC_WINDOW_MS = 200;
    private static final long ASYNC_SLACK_MS = 3000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossKillsInSyncMode() throws Exception {
        run("sync", Integer.getInteger("kronotop.stash.kill.cycles", 50));
    }

    @Test
    void shouldLoseAtMostTheWindowAcrossKillsInAsyncMode() throws Exception {
        run("async", Integer.getInteger("kronotop.stash.kill.async.cycles", 5));
    }

    private void run(String durability, int cycles) throws Exception {
        long seed = Long.getLong("kronotop.test.seed", new Random().nextLong());
        int writers = Integer.getInteger("kronotop.stash.kill.writers", 64);
        LOG.info("StashKillNineIT {} seed={} cycles={} writers={} (replay with -Dkronotop.test.seed={})", durability,
            seed, cycles, writers, seed);
        Random random = new Random(seed);
        Path logback = dir.resolve("logback-child.xml");
        Files.writeString(logback, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<target>System.err</target><encoder><pattern>%d %-5level [%thread] %logger{24} - %msg%n</pattern>"
            + "</encoder></appender><root level=\"INFO\"><appender-ref ref=\"E\"/></root></configuration>");
        Map<String, Object> model = new HashMap<>();
        long totalAcks = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
            AtomicInteger acks = new AtomicInteger();
            Process child = start(durability, seed, writers, cycle, logback);
            Thread reader = Thread.ofPlatform().name("child-stdout").start(() -> read(child, lines, acks));
            if (durability.equals("sync")) {
                int target = 100 + random.nextInt(1500);
                await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= target || !child.isAlive());
            } else {
                long runMs = 1500 + random.nextInt(3000);
                await().pollDelay(Duration.ofMillis(runMs)).atMost(Duration.ofSeconds(60))
                    .until(() -> acks.get() > 0 || !child.isAlive());
            }
            assertThat(child.isAlive()).as("child died on its own, seed=%d cycle=%d (see %s)", seed, cycle,
                dir.resolve("child-" + cycle + ".err")).isTrue();
            long killedAtMs = System.currentTimeMillis();
            // Through the handle: Process.destroyForcibly() also closes our end of the child's output, which
            // can drop the last acknowledgements it printed before the kill.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join();
            Map<String, Object> actual = recover();
            String context = "seed=" + seed + " cycle=" + cycle;
            Map<Integer, WriterLog> logs = parse(lines);
            for (int w = 0; w < writers; w++) {
                WriterLog log = logs.getOrDefault(w, new WriterLog());
                Map<String, Object> mine = StashKillNineModel.ownedBy(actual, w);
                if (durability.equals("sync")) {
                    checkSync(context + " writer=" + w, StashKillNineModel.ownedBy(model, w), log, mine);
                } else {
                    checkAsync(context + " writer=" + w, StashKillNineModel.ownedBy(model, w), log, mine,
                        killedAtMs - ASYNC_WINDOW_MS - ASYNC_SLACK_MS);
                }
            }
            totalAcks += acks.get();
            LOG.info("{} {}: {} acknowledged, {} keys after recovery", durability, context, acks.get(),
                actual.size());
            model = actual;
        }
        assertThat(totalAcks).as("the load made progress").isGreaterThan(cycles);
    }

    /** The shard after acknowledged ops, or after those and the one in flight: nothing else. */
    private static void checkSync(String context, Map<String, Object> before, WriterLog log,
                                  Map<String, Object> actual) {
        Map<String, Object> acked = before;
        for (int i = 0; i < log.ops.size(); i++) {
            if (log.ackMs.get(i) != null) {
                StashKillNineModel.apply(acked, log.ops.get(i));
            }
        }
        if (actual.equals(acked)) {
            return;
        }
        String inFlight = log.ops.isEmpty() || log.ackMs.getLast() != null ? null : log.ops.getLast();
        assertThat(inFlight).as("%s: state differs from every acknowledged write and nothing was in flight;"
            + " expected %s, got %s", context, acked, actual).isNotNull();
        StashKillNineModel.apply(acked, inFlight);
        assertThat(actual).as("%s: only the in-flight op %s may be added", context, inFlight).isEqualTo(acked);
    }

    /** Per slot: the recovered state is one the slot had at or after the last op acknowledged before the bound. */
    private static void checkAsync(String context, Map<String, Object> before, WriterLog log,
                                   Map<String, Object> actual, long boundMs) {
        int mustHave = -1;
        for (int i = 0; i < log.ops.size(); i++) {
            Long ack = log.ackMs.get(i);
            if (ack != null && ack <= boundMs) {
                mustHave = i;
            }
        }
        List<Map<String, String>> history = new ArrayList<>();
        Map<String, Object> state = before;
        history.add(StashKillNineModel.slots(state));
        for (String op : log.ops) {
            StashKillNineModel.apply(state, op);
            history.add(StashKillNineModel.slots(state));
        }
        Set<String> everSeen = new HashSet<>();
        history.forEach(slots -> everSeen.addAll(slots.keySet()));
        Map<String, Set<String>> allowed = new HashMap<>();
        for (int i = mustHave + 1; i < history.size(); i++) {
            for (String slot : everSeen) {
                allowed.computeIfAbsent(slot, k -> new HashSet<>()).add(String.valueOf(history.get(i).get(slot)));
            }
        }
        Map<String, String> got = StashKillNineModel.slots(actual);
        Set<String> all = new HashSet<>(everSeen);
        all.addAll(got.keySet());
        for (String slot : all) {
            assertThat(allowed.getOrDefault(slot, Set.of("null"))).as("%s slot %s (ops acked by %d must be durable)",
                context, slot, mustHave).contains(String.valueOf(got.get(slot)));
        }
    }

    private Map<String, Object> recover() throws Exception {
        Map<String, Object> actual = new HashMap<>();
        DefaultEventLoop loop = new DefaultEventLoop(ThreadFactories.named("check-shard", true));
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve(StashFixture.NAME), StashFixture.NAME, StashFixture.CONFIG,
                 db, StashFixture.SUBSPACE)) {
            ShardPersistence shard = CompletableFuture.supplyAsync(() -> new ShardPersistence(volume, db,
                StashFixture.PREFIX, StashConfig.defaults(), loop, ForkJoinPool.commonPool(),
                System::currentTimeMillis), loop).get();
            RecoverySummary summary = CompletableFuture.supplyAsync(() -> shard.recover(
                new StashKillNineModel.Collector(actual)), loop).thenCompose(stage -> stage).get(60, TimeUnit.SECONDS);
            assertThat(summary.expiredKeys()).isZero();
            assertThat(summary.unreadableEntries()).isZero();
            CompletableFuture.supplyAsync(shard::close, loop).thenCompose(stage -> stage).get(60, TimeUnit.SECONDS);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        return actual;
    }

    private Process start(String durability, long seed, int writers, int cycle, Path logback) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--sun-misc-unsafe-memory-access=allow", "-Dlogback.configurationFile=" + logback,
            "-cp", System.getProperty("java.class.path"), StashKillNineChild.class.getName(), dir.toString(),
            durability, Long.toString(ASYNC_WINDOW_MS), Long.toString(seed), Integer.toString(writers),
            Integer.toString(cycle)))
            .redirectError(dir.resolve("child-" + cycle + ".err").toFile())
            .start();
    }

    private static void read(Process child, ConcurrentLinkedQueue<String> lines, AtomicInteger acks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.endsWith(" .")) {
                    lines.add(line);
                    if (line.startsWith("A ")) {
                        acks.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            // killed mid-line: complete lines were taken
        }
    }

    /** Each writer's ops of the cycle in order, with ack times (null: not acknowledged). */
    private static Map<Integer, WriterLog> parse(ConcurrentLinkedQueue<String> lines) {
        Map<Integer, WriterLog> logs = new HashMap<>();
        for (String line : lines) {
            String[] p = line.split(" ");
            WriterLog log = logs.computeIfAbsent(Integer.parseInt(p[1]), k -> new WriterLog());
            int n = Integer.parseInt(p[2]);
            if (p[0].equals("B")) {
                assertThat(n).as("ops of a writer in order").isEqualTo(log.ops.size());
                log.ops.add(line.substring(line.indexOf(' ', line.indexOf(' ', 2) + 1) + 1, line.length() - 2));
                log.ackMs.add(null);
            } else {
                log.ackMs.set(n, Long.parseLong(p[3]));
            }
        }
        return logs;
    }

    private static final class WriterLog {
        final List<String> ops = new ArrayList<>();
        final List<Long> ackMs = new ArrayList<>();
    }
}
