package io.kronotop.metastore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's zeros written ahead of its records, and how recovery reads them. */
class WriteAheadLogTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void append(WriteAheadLog wal, long version, String key, byte[] value) throws Exception {
        WalDescriptor.Encoder encoder = new WalDescriptor.Encoder();
        encoder.begin(version);
        encoder.set(b(key), value);
        wal.append(encoder.finish());
        wal.sync();
    }

    /** Two log files as a crash between a roll-over and its checkpoint leaves them: both end in zeros. */
    private Path[] twoLogs() throws Exception {
        WriteAheadLog first = WriteAheadLog.create(dir, 1);
        append(first, 1, "a", b("1"));
        append(first, 2, "b", b("2"));
        first.close();
        WriteAheadLog second = WriteAheadLog.create(dir, 3);
        append(second, 3, "c", b("3"));
        second.close();
        return new Path[]{first.file(), second.file()};
    }

    @Test
    void shouldKeepTheFileSizeAheadOfTheRecordsInWholeChunksOfZeros() throws Exception {
        WriteAheadLog wal = WriteAheadLog.create(dir, 1);
        assertThat(Files.size(wal.file())).isEqualTo(WriteAheadLog.PREALLOCATE_BYTES);
        append(wal, 1, "small", b("x"));
        assertThat(Files.size(wal.file())).isEqualTo(WriteAheadLog.PREALLOCATE_BYTES);
        append(wal, 2, "big", new byte[WriteAheadLog.PREALLOCATE_BYTES + 10]);
        assertThat(wal.position()).isGreaterThan(WriteAheadLog.PREALLOCATE_BYTES + 10L);
        assertThat(Files.size(wal.file())).isEqualTo(2L * WriteAheadLog.PREALLOCATE_BYTES);
        wal.close();
    }

    @Test
    void shouldReadEveryLogFileWhenEachEndsInZeros() throws Exception {
        Path[] logs = twoLogs();
        MvccStore store = new MvccStore();
        Recovery.Result result = Recovery.recover(dir, store);
        assertThat(result.lastVersion()).isEqualTo(3);
        assertThat(result.replayedRecords()).isEqualTo(3);
        assertThat(result.walFiles()).containsExactly(logs);
        assertThat(store.latest(b("a"))).isEqualTo(b("1"));
        assertThat(store.latest(b("c"))).isEqualTo(b("3"));
        assertThat(Recovery.list(dir, "wal-", ".after-damage")).isEmpty();
        assertThat(Files.size(logs[0])).as("truncated after its last record").isLessThan(1024);
    }

    @Test
    void shouldStillTreatNonZeroBytesAfterTheLastRecordAsDamage() throws Exception {
        Path[] logs = twoLogs();
        try (FileChannel ch = FileChannel.open(logs[0], StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{7}), Files.size(logs[0]) - 100);
        }
        MvccStore store = new MvccStore();
        Recovery.Result result = Recovery.recover(dir, store);
        assertThat(result.lastVersion()).isEqualTo(2);
        assertThat(store.latest(b("b"))).isEqualTo(b("2"));
        assertThat(store.latest(b("c"))).as("the file after a damaged one is set aside").isNull();
        assertThat(Files.exists(logs[1].resolveSibling(logs[1].getFileName() + ".after-damage"))).isTrue();
    }
}
