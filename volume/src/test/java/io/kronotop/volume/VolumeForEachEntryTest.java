package io.kronotop.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class VolumeForEachEntryTest {
    private static final String NAME = "redis-shard-0";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final VolumeConfig SMALL = VolumeConfig.defaults().withSegmentSizeBytes(64 * 1024);
    private static final long PREFIX_A = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long PREFIX_B = 0x0B0B_0B0B_0B0B_0B0BL;

    @TempDir
    Path dir;

    private EmbeddedDatabase db;
    private Volume volume;

    @BeforeEach
    void open() throws IOException {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        volume = Volume.open(dir.resolve(NAME), NAME, SMALL, db, SUBSPACE);
    }

    @AfterEach
    void close() {
        volume.close();
        db.close();
    }

    private Map<Versionstamp, byte[]> scan(long prefix, int pageSize) throws Exception {
        Map<Versionstamp, byte[]> seen = new LinkedHashMap<>();
        long count = volume.forEachEntry(prefix, pageSize, (id, payload) -> seen.put(id, Payloads.bytes(payload)))
            .get();
        assertThat(count).isEqualTo(seen.size());
        return seen;
    }

    @Test
    void shouldVisitEveryLiveEntryOfThePrefixInOrderAcrossPagesAndSegments() throws Exception {
        List<CompletableFuture<Versionstamp>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[500];
            payload[0] = (byte) i;
            payload[1] = (byte) (i >> 8);
            futures.add(volume.append(i % 3 == 0 ? PREFIX_B : PREFIX_A, Payloads.segment(payload)));
        }
        Map<Versionstamp, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            Versionstamp id = futures.get(i).get();
            if (i % 3 != 0) {
                expected.put(id, i);
            }
        }
        List<Versionstamp> ids = new ArrayList<>(expected.keySet());
        assertThat(volume.delete(PREFIX_A, ids.get(5)).get()).isTrue();
        expected.remove(ids.get(5));
        byte[] replaced = new byte[] {(byte) 0xEE};
        assertThat(volume.update(PREFIX_A, ids.get(7), Payloads.segment(replaced)).get()).isTrue();
        assertThat(volume.segmentIds()).as("the entries span several segments").hasSizeGreaterThan(1);

        for (int pageSize : new int[] {1, 7, 199, 200, 10_000}) {
            Map<Versionstamp, byte[]> seen = scan(PREFIX_A, pageSize);
            assertThat(seen.keySet()).as("page size %d", pageSize).containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<Versionstamp, Integer> e : expected.entrySet()) {
                byte[] bytes = seen.get(e.getKey());
                if (e.getKey().equals(ids.get(7))) {
                    assertThat(bytes).isEqualTo(replaced);
                } else {
                    assertThat(bytes[0] & 0xFF | (bytes[1] & 0xFF) << 8).isEqualTo(e.getValue());
                }
            }
        }
        assertThat(scan(PREFIX_B, 50)).hasSize(100);
        assertThat(scan(0x0C0C_0C0C_0C0C_0C0CL, 50)).isEmpty();
    }

    @Test
    void shouldVisitEntriesAfterReopen() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[] {9, 8})).get();
        volume.close();
        db.close();
        open();

        Map<Versionstamp, byte[]> seen = scan(PREFIX_A, 10);

        assertThat(seen).containsOnlyKeys(id);
        assertThat(seen.get(id)).containsExactly(9, 8);
    }

    @Test
    void shouldRefuseWhenInoperableOrGivenABadPageSize() throws Exception {
        assertThatThrownBy(() -> volume.forEachEntry(PREFIX_A, 0, (id, payload) -> { }).get())
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        volume.setStatus(VolumeStatus.INOPERABLE).get();
        assertThatThrownBy(() -> volume.forEachEntry(PREFIX_A, 10, (id, payload) -> { }).get())
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(VolumeStatusException.class);
        volume.setStatus(VolumeStatus.READWRITE).get();
    }
}
