package io.kronotop.server.redis.persist;

import io.kronotop.server.KronotopServer;
import io.kronotop.server.Main;
import io.kronotop.server.testing.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the real server in a child JVM ({@link Main}) under a SET/DEL/HSET/HDEL/INCR/APPEND/SETRANGE/SETBIT load
 * (every APPEND, SETRANGE and SETBIT of an existing string persisted as a patch: {@code stash.patch.min_bytes=0})
 * from 64 connections of this process, then a restart on the same data directory and a check of every key through
 * the protocol. Sync mode: every acknowledged write is there with its value, every acknowledged delete stays
 * deleted, counters are exact; only the one command each connection had in flight may or may not have happened.
 * Async mode: every key holds a value it had at or after {@code kill - window - slack}.
 *
 * <p>System properties: {@code kronotop.redis.kill.cycles} (sync, default 50), {@code
 * kronotop.redis.kill.async.cycles} (default 5), {@code kronotop.test.seed} to replay.
 */
@Timeout(1800)
class RedisKillNineIT {
    private static final Logger LOG = LoggerFactory.getLogger(RedisKillNineIT.class);
    private static final int CONNECTIONS = 64;
    private static final int KEYS = 6;
    private static final long ASYNC_WINDOW_MS = 200;
    private static final long ASYNC_SLACK_MS = 3000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossKillsInSyncMode() throws Exception {
        run("sync", Integer.getInteger("kronotop.redis.kill.cycles", 50));
    }

    @Test
    void shouldLoseAtMostTheWindowAcrossKillsInAsyncMode() throws Exception {
        run("async", Integer.getInteger("kronotop.redis.kill.async.cycles", 5));
    }

    /** What one key held: its value from the start of the cycle, then each acknowledged value with its time. */
    private static final class History {
        final List<String> values = new ArrayList<>();
        final List<Long> ackedAtMs = new ArrayList<>();

        History(String initial) {
            values.add(initial);
            ackedAtMs.add(Long.MIN_VALUE);
        }

        String last() {
            return values.getLast();
        }

        /** Whether {@code actual} is a state the key held at or after {@code cutoffMs} (MAX_VALUE: the last only). */
        boolean allows(String actual, long cutoffMs) {
            for (int i = values.size() - 1; i >= 0; i--) {
                boolean current = i == values.size() - 1 || ackedAtMs.get(i + 1) > cutoffMs;
                if (!current) {
                    return false;
                }
                if (java.util.Objects.equals(values.get(i), actual)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One connection's keys and the command it had in flight when the server died. */
    private static final class Writer {
        final int id;
        final Map<String, History> keys = new HashMap<>();
        String inFlightKey;
        String inFlightValue;

        Writer(int id) {
            this.id = id;
        }
    }

    private void run(String durability, int cycles) throws Exception {
        long seed = Long.getLong("kronotop.test.seed", new Random().nextLong());
        LOG.info("RedisKillNineIT {} seed={} cycles={} (replay with -Dkronotop.test.seed={})", durability, seed,
            cycles, seed);
        Random random = new Random(seed);
        Path dataDir = dir.resolve("data");
        Map<String, String> state = new HashMap<>();
        long totalAcks = 0;
        Process child = start(dataDir, durability, 0);
        try {
            int port = awaitPort(dataDir, child, 0);
            for (int cycle = 0; cycle < cycles; cycle++) {
                Writer[] writers = new Writer[CONNECTIONS];
                for (int w = 0; w < CONNECTIONS; w++) {
                    writers[w] = new Writer(w);
                    for (String key : keysOf(w)) {
                        writers[w].keys.put(key, new History(state.get(key)));
                    }
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acks = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (Writer writer : writers) {
                    long writerSeed = random.nextLong();
                    int loadPort = port;
                    threads.add(Thread.ofPlatform().name("load-" + writer.id)
                        .start(() -> load(loadPort, writer, new Random(writerSeed), stop, acks)));
                }
                int target = 200 + random.nextInt(durability.equals("sync") ? 1500 : 20_000);
                Process running = child;
                await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= target || !running.isAlive());
                assertThat(child.isAlive()).as("server died on its own, seed=%d cycle=%d", seed, cycle).isTrue();
                long killedAtMs = System.currentTimeMillis();
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                for (Thread t : threads) {
                    t.join(30_000);
                }
                totalAcks += acks.get();
                long cutoff = durability.equals("sync") ? Long.MAX_VALUE
                    : killedAtMs - ASYNC_WINDOW_MS - ASYNC_SLACK_MS;
                child = start(dataDir, durability, cycle + 1);
                port = awaitPort(dataDir, child, cycle + 1);
                state = check(port, writers, cutoff, "seed=" + seed + " cycle=" + cycle);
                LOG.info("{} cycle {}: {} acknowledged, {} keys checked after restart", durability, cycle,
                    acks.get(), state.size());
            }
        } finally {
            child.toHandle().destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(totalAcks).as("the load made progress").isGreaterThan(cycles);
    }

    private static List<String> keysOf(int w) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("k:" + w + ":" + i);
            keys.add("h:" + w + "/f" + i);
        }
        keys.add("c:" + w);
        return keys;
    }

    /** One connection's load: each command is recorded in flight before it is sent, acknowledged on its reply. */
    private static void load(int port, Writer w, Random random, AtomicBoolean stop, AtomicInteger acks) {
        try (RespClient c = RespClient.connect(port)) {
            int seq = 0;
            while (!stop.get()) {
                int i = random.nextInt(KEYS);
                String value = w.id + "-" + (seq++) + "-" + random.nextInt(1_000_000);
                String[] command;
                String key;
                String after;
                switch (random.nextInt(10)) {
                    case 0 -> {
                        key = "k:" + w.id + ":" + i;
                        command = new String[] {"SET", key, value};
                        after = value;
                    }
                    case 1 -> {
                        key = "k:" + w.id + ":" + i;
                        command = new String[] {"DEL", key};
                        after = null;
                    }
                    case 2 -> {
                        key = "h:" + w.id + "/f" + i;
                        command = new String[] {"HSET", "h:" + w.id, "f" + i, value};
                        after = value;
                    }
                    case 3 -> {
                        key = "h:" + w.id + "/f" + i;
                        command = new String[] {"HDEL", "h:" + w.id, "f" + i};
                        after = null;
                    }
                    case 5, 6 -> {
                        key = "k:" + w.id + ":" + i;
                        String last = w.keys.get(key).last();
                        command = new String[] {"APPEND", key, value};
                        after = (last == null ? "" : last) + value;
                    }
                    case 7, 8 -> {
                        // often past the end: the string grows with zeros to a few hundred bytes or more, large
                        // enough that changes of a few bytes go to the disk as patches
                        key = "k:" + w.id + ":" + i;
                        String last = w.keys.get(key).last() == null ? "" : w.keys.get(key).last();
                        int offset = random.nextInt(last.length() + 400);
                        command = new String[] {"SETRANGE", key, Integer.toString(offset), value};
                        String padded = last.length() >= offset ? last : last + "\0".repeat(offset - last.length());
                        after = padded.substring(0, offset) + value + (padded.length() > offset + value.length()
                            ? padded.substring(offset + value.length()) : "");
                    }
                    case 9 -> {
                        // sets the 0x40 bit of a byte, often past the end: the string grows in place (room kept
                        // after it) and stays ASCII, so the model can hold it as text
                        key = "k:" + w.id + ":" + i;
                        String last = w.keys.get(key).last() == null ? "" : w.keys.get(key).last();
                        int at = random.nextInt(last.length() + 300);
                        command = new String[] {"SETBIT", key, Long.toString(8L * at + 1), "1"};
                        StringBuilder grown = new StringBuilder(last);
                        while (grown.length() <= at) {
                            grown.append('\0');
                        }
                        grown.setCharAt(at, (char) (grown.charAt(at) | 0x40));
                        after = grown.toString();
                    }
                    default -> {
                        key = "c:" + w.id;
                        String last = w.keys.get(key).last();
                        command = new String[] {"INCR", key};
                        after = Long.toString(last == null ? 1 : Long.parseLong(last) + 1);
                    }
                }
                w.inFlightKey = key;
                w.inFlightValue = after;
                Object reply = c.call(command);
                if (reply instanceof RespClient.Err) {
                    return; // outcome unknown: it stays the one command in flight
                }
                long now = System.currentTimeMillis();
                History h = w.keys.get(key);
                h.values.add(after);
                h.ackedAtMs.add(now);
                w.inFlightKey = null;
                acks.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // the server was killed: the command in flight, if any, stays recorded
        }
    }

    /** Checks every writer's keys on the restarted server; returns what it found, the next cycle's start. */
    private static Map<String, String> check(int port, Writer[] writers, long cutoffMs, String context) {
        Map<String, String> found = new HashMap<>();
        try (RespClient c = RespClient.connect(port)) {
            for (Writer w : writers) {
                Map<String, String> fields = new HashMap<>();
                List<Object> all = RespClient.asList(c.call("HGETALL", "h:" + w.id));
                for (int i = 0; i + 1 < all.size(); i += 2) {
                    fields.put("h:" + w.id + "/" + all.get(i), (String) all.get(i + 1));
                }
                for (Map.Entry<String, History> e : w.keys.entrySet()) {
                    String key = e.getKey();
                    String actual = key.startsWith("h:") ? fields.get(key) : (String) c.call("GET", key);
                    boolean inFlight = key.equals(w.inFlightKey)
                        && java.util.Objects.equals(actual, w.inFlightValue);
                    assertThat(inFlight || e.getValue().allows(actual, cutoffMs))
                        .as("%s key %s: found %s, acknowledged %s (at %s), in flight %s", context, key, actual,
                            e.getValue().values, e.getValue().ackedAtMs,
                            key.equals(w.inFlightKey) ? w.inFlightValue : "nothing")
                        .isTrue();
                    if (actual != null) {
                        found.put(key, actual);
                    }
                }
            }
        }
        return found;
    }

    private Process start(Path dataDir, String durability, int run) throws IOException {
        Files.deleteIfExists(dataDir.resolve(KronotopServer.PORTS_FILE));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
            Main.class.getName(), "--data-dir", dataDir.toString(), "--port", "0", "--admin-port", "0",
            "--set", "stash.durability=" + durability, "--set", "stash.async.window.ms=" + ASYNC_WINDOW_MS,
            "--set", "cluster.redis.shards=4", "--set", "server.reactors=2",
            "--set", "volume.segment.size.bytes=8388608", "--set", "stash.patch.min_bytes=0"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server-" + run + ".log").toFile())
            .start();
    }

    private int awaitPort(Path dataDir, Process child, int run) throws IOException {
        Path ports = dataDir.resolve(KronotopServer.PORTS_FILE);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
            .failFast("server exited, see " + dir.resolve("server-" + run + ".log"), () -> !child.isAlive())
            .until(() -> Files.exists(ports));
        for (String line : Files.readAllLines(ports, StandardCharsets.UTF_8)) {
            if (line.startsWith("client=")) {
                return Integer.parseInt(line.substring("client=".length()).trim());
            }
        }
        throw new IllegalStateException("no client port in " + ports);
    }
}
