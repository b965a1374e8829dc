package io.kronotop.perf.volume;

import io.kronotop.volume.format.Crc32c;
import io.kronotop.volume.format.EntryDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RawGroupCommitLogTest {

    @Test
    void shouldWriteEveryRecordWithTheVolumeHeaderAndPayloadAtItsOwnOffset(@TempDir Path dir) throws Exception {
        int threads = 8;
        int perThread = 50;
        int payloadBytes = 1000;
        Path file = dir.resolve("log");
        long recordBytes = EntryDescriptor.recordLength(payloadBytes);
        try (RawGroupCommitLog log = new RawGroupCommitLog(file, 1L << 30, threads, payloadBytes)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                byte[] bytes = new byte[payloadBytes];
                java.util.Arrays.fill(bytes, (byte) (t + 1));
                Thread w = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            log.append(index, MemorySegment.ofArray(bytes));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }

            assertThat(log.acknowledged()).isEqualTo(threads * perThread);
            assertThat(log.bytesWritten()).isEqualTo(threads * perThread * recordBytes);
            assertThat(log.syncs()).isPositive().isLessThanOrEqualTo(threads * perThread);
        }
        assertThat(Files.size(file)).isEqualTo(1L << 30);
        int[] perFill = new int[threads + 1];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, threads * perThread * recordBytes, arena);
            for (long at = 0; at < map.byteSize(); at += recordBytes) {
                assertThat(EntryDescriptor.tryCheckHeader(map, at, map.byteSize())).isEqualTo(EntryDescriptor.VALID);
                assertThat(EntryDescriptor.payloadLength(map, at)).isEqualTo(payloadBytes);
                assertThat(EntryDescriptor.payloadCrc(map, at))
                    .isEqualTo(Crc32c.of(map, at + EntryDescriptor.HEADER_LENGTH, payloadBytes));
                byte fill = map.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + EntryDescriptor.HEADER_LENGTH);
                perFill[fill]++;
            }
        }
        for (int t = 1; t <= threads; t++) {
            assertThat(perFill[t]).as("records of thread %d", t - 1).isEqualTo(perThread);
        }
    }

    @Test
    void shouldReturnOnlyAfterASyncThatStartedAfterTheWrite(@TempDir Path dir) throws Exception {
        try (RawGroupCommitLog log = new RawGroupCommitLog(dir.resolve("log"), 1L << 20, 1, 10)) {
            for (int i = 1; i <= 5; i++) {
                log.append(0, MemorySegment.ofArray(new byte[10]));

                assertThat(log.syncs()).as("one appender: one sync per append").isEqualTo(i);
            }
        }
    }
}
