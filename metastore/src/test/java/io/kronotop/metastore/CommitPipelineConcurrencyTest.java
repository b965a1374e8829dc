package io.kronotop.metastore;

import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit pipeline under many concurrent committers: the commit thread resolving while the log-sync thread writes
 * and syncs, publication on the log-sync or the publish thread, log rolls and checkpoints in between.
 */
class CommitPipelineConcurrencyTest {
    private static final int THREADS = 24;
    private static final int COMMITS = 150;
    private static final byte[] TOTAL = b("total");

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] one() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array();
    }

    private static long total(EmbeddedDatabase db) {
        byte[] v = db.read(tr -> tr.get(TOTAL).join());
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static long counter(EmbeddedDatabase db, String name) {
        String s = new String(db.getClientStatus().join(), StandardCharsets.UTF_8);
        int at = s.indexOf("\"" + name + "\":") + name.length() + 3;
        int end = at;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return Long.parseLong(s.substring(at, end));
    }

    /** One commit through {@code run} (completed by the publishing thread) or {@code commit()} (via the executor). */
    private static void commitOne(EmbeddedDatabase db, int thread, int n, Set<String> stamps, List<String> errors) {
        byte[] key = b(String.format("k%02d/%04d", thread, n));
        byte[] stampKey = b(String.format("stamp/%02d/%04d", thread, n));
        byte[] template = new byte[14];
        long committed;
        byte[] stamp;
        if (thread % 2 == 0) {
            Transaction[] used = new Transaction[1];
            db.run(tr -> {
                used[0] = tr;
                tr.set(key, b("v"));
                tr.mutate(MutationType.ADD, TOTAL, one());
                tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, stampKey, template);
                return null;
            });
            committed = used[0].getCommittedVersion();
            stamp = used[0].getVersionstamp().join();
        } else {
            try (Transaction tr = db.createTransaction()) {
                tr.set(key, b("v"));
                tr.mutate(MutationType.ADD, TOTAL, one());
                tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, stampKey, template);
                tr.commit().join();
                committed = tr.getCommittedVersion();
                stamp = tr.getVersionstamp().join();
            }
        }
        if (!stamps.add(HexFormat.of().formatHex(stamp))) {
            errors.add("versionstamp handed out twice: " + HexFormat.of().formatHex(stamp));
        }
        // Acknowledged means durable and visible: a transaction started now reads at or after the commit.
        try (Transaction reader = db.createTransaction()) {
            long rv = reader.getReadVersion().join();
            if (rv < committed) {
                errors.add("read version " + rv + " below acknowledged commit " + committed);
            }
            if (reader.get(key).join() == null) {
                errors.add("acknowledged write missing: " + new String(key, StandardCharsets.UTF_8));
            }
            byte[] storedStamp = reader.get(stampKey).join();
            if (storedStamp == null || !HexFormat.of().formatHex(storedStamp, 0, 10)
                    .equals(HexFormat.of().formatHex(stamp, 0, 10))) {
                errors.add("stored versionstamp differs from getVersionstamp");
            }
        }
    }

    @Test
    void shouldPublishEveryAcknowledgedCommitInOrderWhileTheLogRollsAndCheckpoints() throws Exception {
        MetastoreConfig config = new MetastoreConfig("embedded", null, dir, 1L << 30, 32 * 1024);
        EmbeddedDatabase db = EmbeddedDatabase.open(config);
        Set<String> stamps = ConcurrentHashMap.newKeySet();
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().name("committer-" + t).start(() -> {
                try {
                    start.await();
                    for (int n = 0; n < COMMITS; n++) {
                        commitOne(db, thread, n, stamps, errors);
                    }
                } catch (Throwable e) {
                    errors.add(e.toString());
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(stamps).hasSize(THREADS * COMMITS);
        assertThat(total(db)).isEqualTo((long) THREADS * COMMITS);
        long commits = counter(db, "Commits");
        assertThat(commits).isGreaterThanOrEqualTo((long) THREADS * COMMITS);
        // Group commit: concurrent committers shared log syncs.
        assertThat(counter(db, "Syncs")).isLessThan(commits);
        assertThat(Recovery.list(dir, "checkpoint-", ".ckpt")).isNotEmpty();

        db.crashForTesting();
        try (EmbeddedDatabase again = EmbeddedDatabase.open(config)) {
            assertThat(total(again)).isEqualTo((long) THREADS * COMMITS);
            int keys = again.read(tr -> tr.getRange(b("k"), b("l")).asList().join().size());
            assertThat(keys).isEqualTo(THREADS * COMMITS);
        }
    }

    @Test
    void shouldSyncALoneCommitOnTheCommitThreadAndKeepItAcrossACrash() throws Exception {
        // no checkpoint during the test: a log roll hands a close marker to the log-sync thread
        MetastoreConfig config = new MetastoreConfig("embedded", null, dir, 1L << 30, 1L << 30);
        EmbeddedDatabase db = EmbeddedDatabase.open(config);
        long inlineBefore = counter(db, "InlineSyncs");
        long syncsBefore = counter(db, "Syncs");
        int commits = 200;
        for (int n = 0; n < commits; n++) {
            byte[] key = b("lone/" + n);
            long committed = db.run(tr -> {
                tr.set(key, b("v"));
                tr.mutate(MutationType.ADD, TOTAL, one());
                return tr;
            }).getCommittedVersion();
            // acknowledged means published: a transaction started now reads at or after it and sees the write
            try (Transaction reader = db.createTransaction()) {
                assertThat(reader.getReadVersion().join()).isGreaterThanOrEqualTo(committed);
                assertThat(reader.get(key).join()).isNotNull();
            }
        }
        // One committer, one commit at a time: no batch ever waits for the log-sync thread, so the commit thread
        // writes, syncs and publishes every one itself.
        assertThat(counter(db, "InlineSyncs") - inlineBefore).isEqualTo(commits);
        assertThat(counter(db, "Syncs") - syncsBefore).isEqualTo(commits);

        db.crashForTesting();
        try (EmbeddedDatabase again = EmbeddedDatabase.open(config)) {
            assertThat(total(again)).isEqualTo(commits);
            int keys = again.read(tr -> tr.getRange(b("lone/"), b("lone0")).asList().join().size());
            assertThat(keys).isEqualTo(commits);
        }
    }

    @Test
    void shouldNotStallFewCommittersWhileTheCommitThreadWaitsForASyncToEnd() throws Exception {
        // Fewer committers than the wake batch: the commit thread must be woken by the end of each sync, or every
        // commit would wait for the commit thread's 100 ms maintenance timeout.
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir)) {
            int committers = 3;
            assertThat(committers).isLessThan(CommitPipeline.WAKE_BATCH_DURING_SYNC);
            int each = 200;
            List<Thread> threads = new ArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            long startNs = System.nanoTime();
            for (int t = 0; t < committers; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int n = 0; n < each; n++) {
                            byte[] key = b("few/" + thread + "/" + n);
                            db.run(tr -> {
                                tr.set(key, b("v"));
                                return null;
                            });
                        }
                    } catch (Throwable e) {
                        errors.add(e.toString());
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertThat(errors).isEmpty();
            // 600 commits that each waited for the 100 ms timeout would take over 20 s even three at a time.
            assertThat(elapsedMs).isLessThan(15_000);
            assertThat(counter(db, "Commits")).isEqualTo((long) committers * each);
        }
    }
}
