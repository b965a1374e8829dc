package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static io.kronotop.server.redis.persist.StashFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strings changed in place written as patches ({@link ShardPersistence#patchString}): what goes to the disk, and that
 * a crash, the cleaner, deletes and type changes all leave the value the keyspace had. The test keeps the keyspace's
 * strings itself ({@link #model}) and hands them to the shard as its {@link ShardPersistence.CurrentStrings}.
 */
@Timeout(60)
class StashPatchTest {
    private static final int SIZE = 64 * 1024;

    @TempDir
    Path dir;

    private StashFixture f;
    private final Map<String, ShardPersistence.CurrentString> model = new HashMap<>();

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private void open(StashConfig config) throws Exception {
        f = StashFixture.open(dir, config);
        attach();
    }

    private void attach() throws Exception {
        f.on(() -> {
            f.shard.currentStrings(key -> model.get(new String(key, StandardCharsets.ISO_8859_1)));
            return null;
        });
    }

    private void crashAndReopen() throws Exception {
        f.crashAndReopen();
        attach();
    }

    /** SET: the keyspace holds {@code value}, and persistence is told, synchronously durable. */
    private void put(String key, byte[] value, long expiry) throws Exception {
        model.put(key, new ShardPersistence.CurrentString(value, expiry));
        f.call(() -> f.shard.putString(b(key), value, expiry));
    }

    /** An in-place change (or growth) of {@code [from, to)}: the keyspace holds {@code value} now. */
    private void patch(String key, byte[] value, long from, long to, long expiry, boolean fresh) throws Exception {
        model.put(key, new ShardPersistence.CurrentString(value, expiry));
        f.call(() -> f.shard.patchString(b(key), value, value.length, from, to, expiry, fresh));
    }

    private long patchRecords() throws Exception {
        return f.on(() -> f.shard.patchCounts())[0];
    }

    private long compactions() throws Exception {
        return f.on(() -> f.shard.patchCounts())[1];
    }

    private byte[] recovered(String key) {
        StashFixture.Recovered r = f.keys.get(key);
        return r == null ? null : r.value().getBytes(StandardCharsets.UTF_8);
    }

    /** The shard's packs of at least {@link #SIZE} bytes, in the volume or staged. */
    private long largePacks() throws Exception {
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        f.volume.forEachEntry(StashFixture.PREFIX, 1000, (id, payload) -> {
            if (payload.byteSize() >= SIZE) {
                n.incrementAndGet();
            }
        }).get();
        return n.get() + f.stagedPacks().stream().filter(kv -> kv.getValue().length >= SIZE).count();
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    /**
     * APPEND leaves room after a string's bytes (the keyspace's array is longer than the string): only the string's
     * length is written, in a patch and when written whole, never the room.
     */
    @Test
    void shouldWriteOnlyTheStringOfAnArrayWithRoomAfterIt() throws Exception {
        open(StashConfig.defaults());
        byte[] array = filled(2 * SIZE, 'z'); // what is after the string must never be read
        Arrays.fill(array, 0, SIZE, (byte) 'a');
        put("big", Arrays.copyOf(array, SIZE), -1);
        Arrays.fill(array, SIZE, SIZE + 10, (byte) 'd');
        byte[] big = Arrays.copyOf(array, SIZE + 10);
        model.put("big", new ShardPersistence.CurrentString(big, -1));
        f.call(() -> f.shard.patchString(b("big"), array, SIZE + 10, SIZE, SIZE + 10, -1, false));
        byte[] small = b("hello world, and room");
        model.put("small", new ShardPersistence.CurrentString(b("hello world"), -1));
        f.call(() -> f.shard.patchString(b("small"), small, 11, 0, 11, -1, true));
        assertThat(patchRecords()).as("the small string is written whole").isEqualTo(1);

        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(big);
        assertThat(recovered("small")).isEqualTo(b("hello world"));
    }

    @Test
    void shouldWriteOnlyTheChangedBytesAndRebuildTheValueAfterACrash() throws Exception {
        open(StashConfig.defaults());
        byte[] v = filled(SIZE, 'a');
        put("big", v, -1);
        long before = f.stats().backlogBytes();
        v[100] = 'b';
        v[SIZE - 1] = 'c';
        patch("big", v, 100, 101, -1, false);
        patch("big", v, SIZE - 1, SIZE, -1, false);
        byte[] grown = Arrays.copyOf(v, SIZE + 10);
        Arrays.fill(grown, SIZE, SIZE + 10, (byte) 'd');
        patch("big", grown, SIZE, SIZE + 10, -1, false); // APPEND
        long expiry = f.nowMs.get() + 100_000;
        patch("big", grown, 0, 0, expiry, false); // EXPIRE
        assertThat(patchRecords()).isEqualTo(4);
        assertThat(before).isZero();
        assertThat(f.packCounts()).as("one pack per acknowledged change").hasSize(5);
        assertThat(f.stagedPacks().stream().skip(1).mapToInt(kv -> kv.getValue().length).max().orElseThrow())
            .as("each patch's pack holds the changed bytes, not the value").isLessThan(200);

        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(grown);
        assertThat(f.keys.get("big").expiryAtMs()).isEqualTo(expiry);
        assertThat(f.summary.supersededEntries()).isZero();

        // the recovered patches are live: one more, and a crash, still give the value
        grown[5] = 'e';
        patch("big", grown, 5, 6, expiry, false);
        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(grown);
    }

    @Test
    void shouldWriteTheValueWholeOnceItCarriesTheMostPatches() throws Exception {
        open(StashConfig.defaults());
        f.on(() -> {
            f.shard.maxPatches(8);
            return null;
        });
        byte[] v = filled(SIZE, 'a');
        put("big", v, -1);
        for (int i = 0; i < 8 + 2; i++) {
            v[i] = 'x';
            patch("big", v, i, i + 1, -1, false);
        }
        assertThat(patchRecords()).as("the last two: one whole, then a patch of that").isEqualTo(8 + 1);
        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(v);
    }

    @Test
    void shouldWriteAChangeThatCoversMostOfTheValueWhole() throws Exception {
        open(StashConfig.defaults());
        byte[] v = filled(SIZE, 'a');
        put("big", v, -1);
        Arrays.fill(v, 0, SIZE / 2 + 1, (byte) 'z');
        patch("big", v, 0, SIZE / 2 + 1, -1, false);
        assertThat(patchRecords()).isZero();
        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(v);
    }

    @Test
    void shouldPatchANewKeyFromZerosAndHideWhatItReplaced() throws Exception {
        open(StashConfig.defaults());
        put("k", filled(SIZE, 'o'), -1);
        f.call(() -> f.shard.deleteKey(b("k")));
        model.remove("k");
        byte[] bitmap = new byte[1 << 20];
        bitmap[500_000] = 'x'; // SETBIT of a new key
        patch("k", bitmap, 500_000, 500_001, -1, true);
        assertThat(patchRecords()).isEqualTo(1);
        assertThat(f.stagedPacks().getLast().getValue().length).isLessThan(200);
        crashAndReopen();
        assertThat(recovered("k")).as("zeros and one byte; nothing of the deleted value").isEqualTo(bitmap);
    }

    @Test
    void shouldForgetPatchesWithTheKeyOrItsType() throws Exception {
        open(StashConfig.defaults());
        byte[] v = filled(SIZE, 'a');
        put("deleted", v, -1);
        put("hash", v.clone(), -1);
        v[3] = 'q';
        patch("deleted", v, 3, 4, -1, false);
        patch("hash", v, 3, 4, -1, false);
        f.call(() -> f.shard.deleteKey(b("deleted")));
        f.call(() -> f.shard.putHashField(b("hash"), b("f"), b("v")));
        model.clear();
        crashAndReopen();
        assertThat(f.keys).doesNotContainKey("deleted");
        assertThat(f.keys.get("hash").fields()).isEqualTo(Map.of("f", "v"));
        assertThat(f.keys.get("hash").value()).isNull();
    }

    @Test
    void shouldApplyOnlyThePatchesNewerThanTheNewestFullRecord() throws Exception {
        open(StashConfig.defaults());
        long[] one = {0, 1};
        f.appendPack(StashRecordDescriptor.encodeStringPatch(3, b("k"), b("Xbcd"), one, 1, -1, false));
        f.appendPack(StashRecordDescriptor.encodeString(5, b("k"), b("abcd"), -1));
        f.appendPack(StashRecordDescriptor.encodeStringPatch(9, b("k"), b("abcdeY"), new long[]{5, 6}, 1, -1, false),
            StashRecordDescriptor.encodeStringPatch(7, b("k"), b("aZcd"), new long[]{1, 2}, 1, 42, false));
        f.reopen();
        assertThat(f.keys.get("k").value()).as("base 5, then 7, then 9; 3 is older than the base")
            .isEqualTo("aZcd\0Y");
        assertThat(f.keys.get("k").expiryAtMs()).as("the newest patch's expiry").isEqualTo(-1);
        assertThat(f.summary.supersededEntries()).isEqualTo(1);
    }

    @Test
    void shouldWriteAPatchedStringWholeWhenTheCleanerReachesIt() throws Exception {
        open(StashConfig.defaults().withLogMinBytes(1));
        byte[] v = filled(SIZE, 'a');
        put("big", v, -1);
        v[7] = 'p';
        patch("big", v, 7, 8, -1, false);
        assertThat(largePacks()).isEqualTo(1);
        // overwrites of another key grow the log past twice its live bytes: the cleaner reaches the oldest packs
        for (int i = 0; i < 400; i++) {
            put("churn", filled(1024, (char) ('a' + i % 26)), -1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> compactions() >= 1);
        assertThat(f.stats().backlogBytes()).isLessThan(2 * SIZE);
        // the value written whole made the full record and the patch dead; their packs went from the head
        await().atMost(Duration.ofSeconds(20)).until(() -> largePacks() == 1);
        crashAndReopen();
        assertThat(recovered("big")).isEqualTo(v);
        assertThat(recovered("churn")).isEqualTo(filled(1024, (char) ('a' + 399 % 26)));
    }
}
