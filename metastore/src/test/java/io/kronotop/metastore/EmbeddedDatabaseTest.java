package io.kronotop.metastore;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.Transaction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Behaviour specific to the embedded engine: durability, recovery, locking, the 5-second window, memory. */
class EmbeddedDatabaseTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void set(EmbeddedDatabase db, String k, String v) {
        db.run(tr -> {
            tr.set(b(k), b(v));
            return null;
        });
    }

    private static String get(EmbeddedDatabase db, String k) {
        byte[] v = db.read(tr -> tr.get(b(k)).join());
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static int code(Runnable r) {
        Throwable t = catchThrowableOfType(Throwable.class, r::run);
        while (t != null && t.getCause() != null && !(t instanceof FDBException)) {
            t = t.getCause();
        }
        assertThat(t).isInstanceOf(FDBException.class);
        return ((FDBException) t).getCode();
    }

    private static long commitVersion(EmbeddedDatabase db, String k) {
        try (Transaction tr = db.createTransaction()) {
            tr.set(b(k), b("x"));
            tr.commit().join();
            return tr.getCommittedVersion();
        }
    }

    @Test
    void shouldKeepDataAndAdvanceVersionsAcrossCleanRestarts() {
        long v1;
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir)) {
            set(db, "a", "1");
            db.run(tr -> {
                tr.clear(Range.startsWith(b("zz")));
                tr.set(b("b"), b("2"));
                return null;
            });
            v1 = commitVersion(db, "c");
            String status = new String(db.getClientStatus().join(), StandardCharsets.UTF_8);
            assertThat(status).contains("\"Commits\":3").contains("\"Backend\":\"embedded\"");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir)) {
            assertThat(get(db, "a")).isEqualTo("1");
            assertThat(get(db, "b")).isEqualTo("2");
            long rv = db.read(tr -> tr.getReadVersion().join());
            assertThat(rv).isGreaterThanOrEqualTo(v1);
            assertThat(commitVersion(db, "d")).isGreaterThan(v1);
        }
    }

    @Test
    void shouldReplayTheLogAfterACrashAndStopAtATornOrCorruptRecord() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.open(dir);
        set(db, "a", "1");
        set(db, "b", "2");
        long last = commitVersion(db, "c");
        db.crashForTesting();
        List<Path> wals = Recovery.list(dir, "wal-", ".log");
        assertThat(wals).isNotEmpty();
        Path wal = wals.getLast();
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            // a torn record right after the last whole one, inside the zeros written ahead of the records
            ch.write(ByteBuffer.wrap(new byte[]{40, 0, 0, 0, 1, 2, 3, 4, 5}), recordsEnd(ch));
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.open(dir)) {
            assertThat(get(again, "a")).isEqualTo("1");
            assertThat(get(again, "c")).isEqualTo("x");
            assertThat(commitVersion(again, "d")).isGreaterThan(last);
            again.crashForTesting();
        }
        Path wal2 = Recovery.list(dir, "wal-", ".log").getLast();
        try (FileChannel ch = FileChannel.open(wal2, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long size = recordsEnd(ch);
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            one.flip();
            byte flipped = (byte) (one.get(0) ^ 0x40);
            ch.write(ByteBuffer.wrap(new byte[]{flipped}), size - 1);
        }
        try (EmbeddedDatabase third = EmbeddedDatabase.open(dir)) {
            assertThat(get(third, "a")).isEqualTo("1");
            assertThat(get(third, "d")).as("the corrupt last record is dropped").isNull();
        }
    }

    /** Offset just past the last whole record of a log file (the log is followed by zeros). */
    private static long recordsEnd(FileChannel ch) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(all, 0);
        int pos = WalDescriptor.HEADER_BYTES;
        while (pos + WalDescriptor.FRAME_BYTES <= all.capacity() && all.getInt(pos) > 0) {
            pos += WalDescriptor.FRAME_BYTES + all.getInt(pos);
        }
        return pos;
    }

    @Test
    void shouldIgnoreADamagedCheckpointAndUseTheLog() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir)) {
            set(db, "a", "1");
        }
        Path ckpt = Recovery.list(dir, "checkpoint-", ".ckpt").getLast();
        assertThat(CheckpointFile.read(ckpt, (k, v) -> { })).isPositive();
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 1;
        Files.write(ckpt, bytes);
        assertThat(CheckpointFile.read(ckpt, (k, v) -> { })).isEqualTo(-1);
    }

    @Test
    void shouldCheckpointWhenTheLogGrowsAndRecoverFromCheckpointPlusLog() throws Exception {
        MetastoreConfig config = new MetastoreConfig("embedded", null, dir, 1L << 30, 16 * 1024);
        EmbeddedDatabase db = EmbeddedDatabase.open(config);
        for (int i = 0; i < 300; i++) {
            int n = i;
            db.run(tr -> {
                tr.set(b(String.format("key%04d", n)), new byte[100]);
                return null;
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !Recovery.list(dir, "checkpoint-", ".ckpt").isEmpty());
        set(db, "after", "checkpoint");
        db.crashForTesting();
        try (EmbeddedDatabase again = EmbeddedDatabase.open(config)) {
            List<KeyValue> all = again.read(tr -> tr.getRange(Range.startsWith(b("key"))).asList().join());
            assertThat(all).hasSize(300);
            assertThat(get(again, "after")).isEqualTo("checkpoint");
        }
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameFolder() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir)) {
            assertThat(db).isNotNull();
            FDBException e = catchThrowableOfType(FDBException.class, () -> EmbeddedDatabase.open(dir));
            assertThat(e.getCode()).isEqualTo(1510);
            assertThat(e.getMessage()).contains("already open");
        }
        EmbeddedDatabase.open(dir).close();
    }

    @Test
    void shouldFailTransactionsOlderThanFiveSecondsWith1007() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        try (EmbeddedDatabase db = EmbeddedDatabase.open(MetastoreConfig.embedded(dir), clock::get)) {
            set(db, "a", "1");
            Transaction old = db.createTransaction();
            long rv = old.getReadVersion().join();
            clock.addAndGet(6_000_000_000L);
            assertThat(code(() -> old.get(b("a")).join())).isEqualTo(1007);
            old.set(b("x"), b("1"));
            assertThat(code(() -> old.commit().join())).isEqualTo(1007);
            Transaction retried = old.onError(new FDBException("too old", 1007)).join();
            assertThat(retried.get(b("a")).join()).isEqualTo(b("1"));
            retried.close();
            set(db, "a", "2");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.addAndGet(1_000_000_000L);
                set(db, "tick", "t");
                Transaction t = db.createTransaction();
                t.setReadVersion(rv);
                try {
                    t.get(b("a")).join();
                    return false;
                } catch (RuntimeException e) {
                    return code(() -> {
                        throw e;
                    }) == 1007;
                } finally {
                    t.close();
                }
            });
            Transaction future = db.createTransaction();
            future.setReadVersion(db.read(tr -> tr.getReadVersion().join()) + 10_000_000L);
            assertThat(code(() -> future.get(b("a")).join())).isEqualTo(1009);
            future.close();
        }
    }

    @Test
    void shouldAdvanceVersionsAboutAMillionPerSecond() {
        AtomicLong clock = new AtomicLong(0);
        try (EmbeddedDatabase db = EmbeddedDatabase.open(MetastoreConfig.embedded(dir), clock::get)) {
            long v1 = commitVersion(db, "a");
            clock.addAndGet(2_000_000_000L);
            long v2 = commitVersion(db, "b");
            assertThat(v2 - v1).isBetween(1_900_000L, 2_100_000L);
        }
    }

    @Test
    void shouldRejectWritesPastTheMemoryLimitButAllowClears() {
        MetastoreConfig config = new MetastoreConfig("embedded", null, dir, 64 * 1024, 1L << 20);
        try (EmbeddedDatabase db = EmbeddedDatabase.open(config)) {
            FDBException full = null;
            for (int i = 0; i < 200 && full == null; i++) {
                int n = i;
                try {
                    db.run(tr -> {
                        tr.set(b("k" + n), new byte[1000]);
                        return null;
                    });
                } catch (RuntimeException e) {
                    full = (FDBException) FdbErrors.unwrap(e);
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.getMessage()).contains("metastore.memory_limit");
            db.run(tr -> {
                tr.clear(Range.startsWith(b("k")));
                return null;
            });
        }
    }

    @Test
    void shouldOpenTheConfiguredBackend(@TempDir Path data) {
        try (var db = MetastoreFactory.open(Map.of("metastore.memory_limit", "64m"), data)) {
            assertThat(db).isInstanceOf(EmbeddedDatabase.class);
        }
        assertThat(Files.isDirectory(data.resolve("metastore"))).isTrue();
        assertThat(MetastoreConfig.parseBytes("2g", 0)).isEqualTo(2L << 30);
        assertThatThrownBy(() -> MetastoreConfig.from(Map.of("metastore.backend", "rocks"), data))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MetastoreConfig.from(Map.of("metastore.backend", "foundationdb", "fdb.cluster_file", "/x"), data)
                .clusterFile()).isEqualTo("/x");
    }

    @Test
    void shouldFailTenantsWith2108(@TempDir Path d) {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(d)) {
            assertThat(code(() -> db.openTenant(b("t")))).isEqualTo(2108);
        }
    }

}
