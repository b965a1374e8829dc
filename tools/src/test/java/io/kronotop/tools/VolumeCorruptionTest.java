package io.kronotop.tools;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.EntryLocation;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.segment.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage on disk under a real volume: two payloads and one entry header corrupted in three segments. Reads of the
 * damaged entries fail with {@link CorruptSegmentException} naming the file and offset, every other entry still
 * reads back, and both the open volume's verify and {@code kronotop-tool volume verify} report exactly those three
 * places. A truncated segment file is refused at open and reported by the tool.
 */
@Timeout(60)
class VolumeCorruptionTest {
    private static final String NAME = "bucket-shard-4";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final VolumeConfig CONFIG = new VolumeConfig(16 * 1024, 4096, 64, 1 << 20, 0);
    private static final long PREFIX = 9;

    @TempDir
    Path dir;

    private static byte[] payload(int i) {
        byte[] bytes = new byte[900 + i];
        Arrays.fill(bytes, (byte) i);
        return bytes;
    }

    private record Written(List<Versionstamp> ids, List<EntryLocation> locations) {
    }

    private Written fill(EmbeddedDatabase db, int count) throws Exception {
        List<Versionstamp> ids = new ArrayList<>();
        List<EntryLocation> locations = new ArrayList<>();
        try (Volume volume = Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE)) {
            for (int i = 0; i < count; i++) {
                ids.add(volume.append(PREFIX, MemorySegment.ofArray(payload(i))).join());
            }
            for (Versionstamp id : ids) {
                byte[] value = db.read(tr -> tr.get(SUBSPACE.get(1).pack(Tuple.from(PREFIX, id))).join());
                ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
                locations.add(new EntryLocation(b.getLong(), b.getLong(), b.getInt()));
            }
        }
        return new Written(ids, locations);
    }

    private Path file(long segmentId) {
        return dir.resolve(NAME).resolve(SegmentFiles.SEGMENTS_DIR).resolve(SegmentFiles.fileName(segmentId));
    }

    private static void flip(Path file, long offset) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        }
    }

    /** Index of the first entry of {@code segmentId} that is not its first or last one. */
    private static int victimIn(List<EntryLocation> locations, long segmentId) {
        int first = -1;
        for (int i = 0; i < locations.size(); i++) {
            if (locations.get(i).segmentId() == segmentId) {
                if (first >= 0) {
                    return i;
                }
                first = i;
            }
        }
        throw new IllegalStateException("segment " + segmentId + " too small");
    }

    @Test
    void shouldFailOnlyDamagedEntriesAndReportExactlyTheDamage() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"))) {
            Written written = fill(db, 80);
            assertThat(written.locations().getLast().segmentId()).isGreaterThanOrEqualTo(3);
            int a = victimIn(written.locations(), 0);
            int b = victimIn(written.locations(), 1);
            int c = victimIn(written.locations(), 2);
            EntryLocation la = written.locations().get(a);
            EntryLocation lb = written.locations().get(b);
            EntryLocation lc = written.locations().get(c);
            flip(file(0), la.offset() + 32 + 100);
            flip(file(1), lb.offset() + 32 + lb.length() - 1);
            flip(file(2), lc.offset() + 4);

            List<String> expected = List.of(
                file(0) + " @" + la.offset() + ": payload CRC32C mismatch",
                file(1) + " @" + lb.offset() + ": payload CRC32C mismatch");
            try (Volume volume = Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE)) {
                for (int i = 0; i < written.ids().size(); i++) {
                    Versionstamp id = written.ids().get(i);
                    EntryLocation at = written.locations().get(i);
                    if (i == a || i == b || i == c) {
                        assertThatThrownBy(() -> volume.get(PREFIX, id).join()).isInstanceOf(CompletionException.class)
                            .cause().isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                                assertThat(e.file()).isEqualTo(file(at.segmentId()));
                                assertThat(e.getMessage()).contains(file(at.segmentId()).toString());
                            });
                    } else {
                        assertThat(volume.get(PREFIX, id).join().toArray(ValueLayout.JAVA_BYTE)).as("entry %d", i)
                            .isEqualTo(payload(i));
                    }
                }
                VerifyReport report = volume.store().verify();
                List<String> found = report.damage().stream().map(VerifyReport.Damage::toString).toList();
                assertThat(found).hasSize(3);
                assertThat(found.subList(0, 2)).containsExactlyElementsOf(expected);
                assertThat(report.damage().get(2).file()).isEqualTo(file(2));
                assertThat(report.damage().get(2).offset()).isEqualTo(lc.offset());
            }
            VolumeCommandTest.Run run = VolumeCommandTest.run("volume", "verify", dir.resolve(NAME).toString());
            assertThat(run.exit()).isEqualTo(1);
            List<String> damageLines = run.out().lines().filter(l -> l.startsWith("DAMAGE: ")).toList();
            assertThat(damageLines).hasSize(3);
            assertThat(damageLines.get(0)).isEqualTo("DAMAGE: " + expected.get(0));
            assertThat(damageLines.get(1)).isEqualTo("DAMAGE: " + expected.get(1));
            assertThat(damageLines.get(2)).startsWith("DAMAGE: " + file(2) + " @" + lc.offset() + ": ");
        }
    }

    @Test
    void shouldRefuseATruncatedSegmentAtOpenAndReportIt() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"))) {
            fill(db, 40);
            try (FileChannel channel = FileChannel.open(file(1), StandardOpenOption.WRITE)) {
                channel.truncate(5000);
            }
            assertThatThrownBy(() -> Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> assertThat(e.getMessage())
                    .contains(file(1).toString()).contains("file has 5000"));
            VolumeCommandTest.Run run = VolumeCommandTest.run("volume", "verify", dir.resolve(NAME).toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out().lines().filter(l -> l.startsWith("DAMAGE: ")).toList()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("DAMAGE: " + file(1) + " @").contains("5000"));
        }
    }
}
