package io.kronotop.server.redis.persist;

import io.kronotop.server.reactor.ThreadFactories;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.Volume;
import io.netty.channel.DefaultEventLoop;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of {@code StashKillNineIT}: recovers a shard through {@link ShardPersistence} (over a real volume and
 * embedded metastore), then runs writer threads until killed. Each writer owns its keys ({@code s:W:i},
 * {@code h:W:i}, counter {@code c:W}), runs one operation at a time through the shard's event loop and prints
 * {@code B W N <op> .} before submitting it and {@code A W N <ackTimeMs> .} once acknowledged. Operations, as the
 * keyspace would report them: {@code S key value expiry} (SET, INCR, SET over a hash), {@code D key} (DEL),
 * {@code H key field value} (HSET, also over a string), {@code X key field} (HDEL of a field that is not the last),
 * {@code E key expiry} (hash EXPIRE, or PERSIST with -1). A value token {@code a.b.L} stands for the token followed
 * by L bytes {@code x}. Arguments: folder, durability, window ms, seed, writers, cycle.
 */
public final class StashKillNineChild {
    static final long FAR_EXPIRY = 4_000_000_000_000L;

    private StashKillNineChild() {
    }

    /** The bytes a value token stands for. */
    static byte[] value(String token) {
        int length = Integer.parseInt(token.substring(token.lastIndexOf('.') + 1));
        byte[] head = token.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        Arrays.fill(bytes, head.length, bytes.length, (byte) 'x');
        return bytes;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        StashConfig config = StashConfig.defaults().withDurability(StashDurability.parse(args[1]))
            .withAsyncWindowMs(Long.parseLong(args[2]));
        long seed = Long.parseLong(args[3]);
        int writers = Integer.parseInt(args[4]);
        int cycle = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
        Volume volume = Volume.open(dir.resolve(StashFixture.NAME), StashFixture.NAME, StashFixture.CONFIG, db,
            StashFixture.SUBSPACE);
        DefaultEventLoop loop = new DefaultEventLoop(ThreadFactories.named("shard", false));
        Map<String, Object> recovered = new HashMap<>();
        ShardPersistence shard = CompletableFuture.supplyAsync(() -> new ShardPersistence(volume, db,
            StashFixture.PREFIX, config, loop, ForkJoinPool.commonPool(), System::currentTimeMillis), loop).get();
        CompletableFuture.supplyAsync(() -> shard.recover(new StashKillNineModel.Collector(recovered)), loop)
            .thenCompose(stage -> stage).get();
        out.println("READY");
        boolean async = config.durability() == StashDurability.ASYNC;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Map<String, Object> mine = StashKillNineModel.ownedBy(recovered, writer);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + cycle * 7919L + writer);
            Thread.ofPlatform().name("writer-" + w).start(() -> {
                for (long n = 0; ; n++) {
                    String op = next(writer, n, cycle, random, mine);
                    out.println("B " + writer + " " + n + " " + op + " .");
                    StashKillNineModel.apply(mine, op);
                    CompletableFuture.supplyAsync(() -> submit(shard, op), loop).thenCompose(stage -> stage).join();
                    out.println("A " + writer + " " + n + " " + System.currentTimeMillis() + " .");
                    if (async) {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            });
        }
        while (true) {
            LockSupport.park();
        }
    }

    private static CompletionStage<Void> submit(ShardPersistence shard, String op) {
        String[] p = op.split(" ");
        byte[] key = p[1].getBytes(StandardCharsets.US_ASCII);
        return switch (p[0]) {
            case "S" -> shard.putString(key, value(p[2]), Long.parseLong(p[3]));
            case "D" -> shard.deleteKey(key);
            case "H" -> shard.putHashField(key, p[2].getBytes(StandardCharsets.US_ASCII), value(p[3]));
            case "X" -> shard.deleteHashField(key, p[2].getBytes(StandardCharsets.US_ASCII));
            case "E" -> shard.setHashExpiry(key, Long.parseLong(p[2]));
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** The writer's next operation, valid against its keys' current state. */
    private static String next(int w, long n, int cycle, SplittableRandom random, Map<String, Object> mine) {
        String token = w + "-" + cycle + "-" + n + "." + (random.nextInt(10) == 0 ? random.nextInt(3000)
            : random.nextInt(40));
        int r = random.nextInt(100);
        String s = "s:" + w + ":" + random.nextInt(20);
        String h = "h:" + w + ":" + random.nextInt(5);
        String field = "f" + random.nextInt(8);
        if (r < 28) {
            return "S " + s + " " + token + " " + (random.nextInt(5) == 0 ? FAR_EXPIRY + n : -1);
        } else if (r < 36) {
            return "D " + s;
        } else if (r < 56) {
            return "H " + h + " " + field + " " + token;
        } else if (r < 64) {
            if (mine.get(h) instanceof TreeMap<?, ?> fields && fields.containsKey(field)) {
                return StashKillNineModel.fieldCount(fields) > 1 ? "X " + h + " " + field : "D " + h;
            }
            return "D " + h;
        } else if (r < 68) {
            return "D " + h;
        } else if (r < 72) {
            return mine.get(h) instanceof TreeMap<?, ?> ? "E " + h + " " + (random.nextBoolean() ? FAR_EXPIRY + n
                : -1) : "H " + h + " " + field + " " + token;
        } else if (r < 75) {
            return random.nextBoolean() ? "S " + h + " " + token + " -1" : "H " + s + " " + field + " " + token;
        }
        String counter = "c:" + w;
        long current = mine.get(counter) instanceof String v ? StashKillNineModel.counterValue(v) : 0;
        return "S " + counter + " " + (current + 1) + ".0 -1";
    }
}
