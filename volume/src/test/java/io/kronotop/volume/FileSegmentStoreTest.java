package io.kronotop.volume;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.Crc32c;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.flush.UnreadablePayloadException;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.segment.SegmentVerifier;
import io.kronotop.volume.segment.VerifyReport;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSegmentStoreTest extends SegmentStoreContract {
    static final String NAME = "bucket-shard-3";
    static final long VOLUME_ID = 0x1234_5678_9ABCL;

    @Override
    protected SegmentStore openStore(Path volumeDir, VolumeConfig config) throws IOException {
        return FileSegmentStore.open(volumeDir, NAME, VOLUME_ID, config);
    }

    static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static byte[] readBytes(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, offset);
            return buffer.array();
        }
    }

    Path segmentFile(long id) {
        return dir.resolve("segments").resolve(SegmentFiles.fileName(id));
    }

    @Test
    void shouldNameSegmentFilesByZeroPaddedIdAndPreallocateThem() throws Exception {
        SegmentStore store = open(SMALL);
        for (int i = 0; i < 20; i++) {
            await(store.append(i, MemorySegment.ofArray(new byte[10_000])));
        }
        try (var files = Files.list(dir.resolve("segments"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                .startsWith("0000000000000000000", "0000000000000000001");
        }
        assertThat(Files.size(segmentFile(0))).isEqualTo(SEGMENT_SIZE);
        assertThat(Files.size(segmentFile(1))).isEqualTo(SEGMENT_SIZE);
    }

    @Test
    void shouldCompleteOnlyAfterTheBatchIsDurable() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SegmentStore store = FileSegmentStore.open(dir, NAME, VOLUME_ID, SMALL,
            StoreEnvironment.defaults(NAME).withDurabilityListener(batch -> {
                events.add("durable " + batch.size());
                return CompletableFuture.completedFuture(null);
            }));
        try {
            EntryLocation location = store.append(1, MemorySegment.ofArray(new byte[5]))
                .thenApply(l -> {
                    events.add("acknowledged");
                    return l;
                }).get();
            assertThat(events).containsExactly("durable 1", "acknowledged");
            assertThat(((FileSegmentStore) store).flusher().durableUpTo()).isEqualTo(location);
        } finally {
            store.close();
        }
    }

    @Test
    void shouldDetectAFlippedPayloadBitOnReadAndVerify() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation good = await(store.append(1, Payloads.segment(Payloads.payload(7, 1, 300))));
        EntryLocation bad = await(store.append(2, MemorySegment.ofArray(new byte[300])));
        long at = bad.offset() + EntryDescriptor.HEADER_LENGTH + 100;
        overwrite(segmentFile(bad.segmentId()), at, new byte[] {0x10});
        assertThatThrownBy(() -> store.read(bad)).isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
            assertThat(e.file()).isEqualTo(segmentFile(bad.segmentId()));
            assertThat(e.offset()).isEqualTo(bad.offset() + EntryDescriptor.HEADER_LENGTH);
        });
        assertThat(Payloads.bytes(store.read(good))).isEqualTo(Payloads.payload(7, 1, 300));
        VerifyReport report = store.verify();
        assertThat(report.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(segmentFile(bad.segmentId()));
            assertThat(d.offset()).isEqualTo(bad.offset());
        });
    }

    @Test
    void shouldDetectADamagedEntryHeaderOnRead() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation location = await(store.append(1, MemorySegment.ofArray(new byte[40])));
        overwrite(segmentFile(0), location.offset() + EntryDescriptor.PREFIX_OFFSET, new byte[] {9});
        assertThatThrownBy(() -> store.read(location)).isInstanceOfSatisfying(CorruptSegmentException.class,
            e -> assertThat(e.offset()).isEqualTo(location.offset()));
    }

    @Test
    void shouldFailOnlyAnAppendWhosePayloadTheFlusherCannotRead() throws Exception {
        SegmentStore store = open(SMALL);
        CompletableFuture<EntryLocation> confined;
        try (Arena arena = Arena.ofConfined()) {
            confined = store.append(1, arena.allocate(100));
            assertThatThrownBy(() -> confined.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnreadablePayloadException.class);
        }
        Arena closing = Arena.ofShared();
        MemorySegment gone = closing.allocate(100);
        closing.close();
        assertThatThrownBy(() -> store.append(2, gone).get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(UnreadablePayloadException.class);
        EntryLocation fine = await(store.append(3, MemorySegment.ofArray(new byte[] {7})));
        assertThat(Payloads.bytes(store.read(fine))).containsExactly(7);
        assertThat(store.verify().ok()).isTrue();
    }

    @Test
    void shouldFillASegmentExactlyAndRollOverForTheNextEntry() throws Exception {
        VolumeConfig exact = new VolumeConfig(8192, 8192, 16, 1 << 20, 0);
        int fills = (int) exact.maxPayloadPerSegment();
        assertThat(fills).isEqualTo(8192 - 256 - 32);
        SegmentStore store = open(exact);
        List<EntryLocation> locations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            locations.add(await(store.append(i, MemorySegment.ofArray(new byte[fills]))));
        }
        assertThat(locations).extracting(EntryLocation::segmentId).containsExactly(0L, 1L, 2L);
        assertThat(locations).extracting(EntryLocation::offset).containsOnly(256L);
        assertThat(store.stats()).allSatisfy(s -> assertThat(s.freeBytes()).isZero());
        assertThatThrownBy(() -> store.append(9, MemorySegment.ofArray(new byte[fills + 1])).get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalArgumentException.class);
        store.close();
        SegmentStore reopened = open(exact);
        EntryLocation next = await(reopened.append(7, MemorySegment.ofArray(new byte[1])));
        assertThat(next.segmentId()).isEqualTo(3);
        assertThat(reopened.verify().ok()).isTrue();
    }

    @Test
    void shouldSealAResumedSegmentWithoutTheBytesACrashLeftPastItsEntries() throws Exception {
        VolumeConfig config = new VolumeConfig(16 * 1024, 4096, 16, 1 << 20, 0);
        SegmentStore store = open(config);
        EntryLocation first = await(store.append(1, MemorySegment.ofArray(Payloads.payload(1, 1, 1000))));
        store.close();
        // what a crash can leave past the last durable entry: a batch written but never synced
        long end = first.offset() + EntryDescriptor.recordLength(first.length());
        byte[] leftovers = new byte[(int) (16 * 1024 - end)];
        new java.util.Random(7).nextBytes(leftovers);
        overwrite(segmentFile(0), end, leftovers);

        SegmentStore reopened = open(config);
        List<EntryLocation> locations = new ArrayList<>();
        EntryLocation last;
        do { // 4 KiB entries until one no longer fits and segment 0 is sealed
            last = await(reopened.append(2, MemorySegment.ofArray(Payloads.payload(2, locations.size(), 4000))));
            locations.add(last);
        } while (last.segmentId() == 0);
        assertThat(locations).hasSizeGreaterThan(1);
        reopened.close();

        SegmentStore again = open(config);
        assertThat(again.verify().damage()).isEmpty();
        assertThat(Payloads.bytes(again.read(first))).isEqualTo(Payloads.payload(1, 1, 1000));
        for (int i = 0; i < locations.size(); i++) {
            assertThat(Payloads.bytes(again.read(locations.get(i)))).isEqualTo(Payloads.payload(2, i, 4000));
        }
        again.close();
        assertThat(SegmentVerifier.verifyOffline(dir).damage()).isEmpty();
    }

    @Test
    void shouldReadAsAZeroCopyReadOnlySliceOfTheMapping() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation location = await(store.append(1, MemorySegment.ofArray(new byte[] {1, 2, 3, 4})));
        MemorySegment slice = store.read(location);
        assertThat(slice.isMapped()).isTrue();
        assertThat(slice.isReadOnly()).isTrue();
        assertThat(slice.byteSize()).isEqualTo(4);
        assertThat(slice.asByteBuffer().isDirect()).isTrue();
        assertThat(store.read(location).address()).isEqualTo(slice.address());
    }

    @Test
    void shouldRefuseSegmentsOfAnotherVolume() throws Exception {
        open(SMALL).close();
        assertThatThrownBy(() -> FileSegmentStore.open(dir, "bucket-shard-4", VOLUME_ID, SMALL))
            .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("belongs to volume " + NAME);
    }

    @Test
    void shouldRefuseAnUnsupportedFormatVersion() throws Exception {
        open(SMALL).close();
        Path file = segmentFile(0);
        ByteBuffer fixed = ByteBuffer.wrap(readBytes(file, 0, SegmentFileDescriptor.FIXED_PART_LENGTH))
            .order(ByteOrder.LITTLE_ENDIAN);
        fixed.putInt(SegmentFileDescriptor.VERSION_OFFSET, SegmentFileDescriptor.CURRENT_VERSION + 1);
        int crc = Crc32c.of(MemorySegment.ofArray(fixed.array()));
        overwrite(file, 0, fixed.array());
        overwrite(file, SegmentFileDescriptor.HEADER_CRC_OFFSET,
            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
        assertThatThrownBy(() -> FileSegmentStore.open(dir, NAME, VOLUME_ID, SMALL))
            .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                assertThat(e.offset()).isEqualTo(SegmentFileDescriptor.VERSION_OFFSET);
                assertThat(e.file()).isEqualTo(file);
                assertThat(e.getMessage()).contains("unsupported format version 2");
            });
    }

    @Test
    void shouldRemoveLeftoversOfAnInterruptedSegmentCreation() throws Exception {
        open(SMALL).close();
        Path tmp = dir.resolve("segments").resolve(SegmentFiles.fileName(1) + SegmentFiles.TMP_SUFFIX);
        Files.write(tmp, new byte[100]);
        SegmentStore store = open(SMALL);
        assertThat(tmp).doesNotExist();
        assertThat(store.stats()).hasSize(1);
    }

    @Test
    void shouldWriteEntriesLargerThanTheStagingBufferStraightThrough() throws Exception {
        VolumeConfig big = new VolumeConfig(8L << 20, 3 << 20, 16, 8L << 20, 0);
        SegmentStore store = open(big);
        List<EntryLocation> locations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            locations.add(await(store.append(i, Payloads.segment(Payloads.payload(8, i, 3 << 20)))));
        }
        store.close();
        SegmentStore reopened = open(big);
        for (int i = 0; i < 5; i++) {
            assertThat(Payloads.bytes(reopened.read(locations.get(i)))).isEqualTo(Payloads.payload(8, i, 3 << 20));
        }
        assertThat(SegmentVerifier.verifyOffline(dir).damage()).isEmpty();
    }

    @Test
    void shouldStopAtStaleBytesOfAnEarlierWriterAfterReopen() throws Exception {
        // Run 1: A, B, C acknowledged. Then B's header is wiped, as if B had been lost in a crash while C survived.
        SegmentStore first = open(SMALL);
        EntryLocation a = await(first.append(1, MemorySegment.ofArray(new byte[100])));
        EntryLocation b = await(first.append(2, MemorySegment.ofArray(new byte[200])));
        EntryLocation c = await(first.append(3, MemorySegment.ofArray(new byte[300])));
        first.close();
        overwrite(segmentFile(0), b.offset(), new byte[EntryDescriptor.HEADER_LENGTH]);

        // Run 2 ends after A and writes D, the size of B, so C now sits right after D with an older epoch.
        SegmentStore second = open(SMALL);
        assertThat(second.stats().getFirst().liveEntries()).isEqualTo(1);
        EntryLocation d = await(second.append(4, MemorySegment.ofArray(new byte[200])));
        assertThat(d.offset()).isEqualTo(b.offset());
        second.close();

        // Run 3 must not take C for an entry.
        SegmentStore third = open(SMALL);
        assertThat(third.stats().getFirst().liveEntries()).isEqualTo(2);
        assertThat(third.stats().getFirst().appendOffset()).isEqualTo(c.offset());
        assertThat(Payloads.bytes(third.read(a))).hasSize(100);
        assertThat(Payloads.bytes(third.read(d))).hasSize(200);
        assertThatThrownBy(() -> third.read(c)).isInstanceOf(CorruptSegmentException.class);
        assertThat(third.verify().ok()).isTrue();
    }
}
