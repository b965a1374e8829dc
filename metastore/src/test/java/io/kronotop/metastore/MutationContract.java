package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyArrayResult;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Atomic operations, versionstamps, limits and error codes, options and size estimates. */
abstract class MutationContract extends ContractBase {
    private static final HexFormat HEX = HexFormat.of();

    private byte[] mutateAndRead(byte[] existing, MutationType type, byte[] param) {
        byte[] key = k("m");
        db().run(tr -> {
            if (existing == null) {
                tr.clear(key);
            } else {
                tr.set(key, existing);
            }
            return null;
        });
        db().run(tr -> {
            tr.mutate(type, key, param);
            return null;
        });
        return db().read(tr -> tr.get(key).join());
    }

    private static byte[] h(String hex) {
        return HEX.parseHex(hex);
    }

    @Test
    void shouldApplyAddWithLittleEndianCarryAndWrap() {
        byte[] key = k("counter");
        for (int i = 0; i < 3; i++) {
            db().run(tr -> {
                tr.mutate(MutationType.ADD, key, le(1));
                return null;
            });
        }
        assertThat(value(key)).isEqualTo(le(3));
        assertThat(mutateAndRead(h("ff010000"), MutationType.ADD, h("01"))).isEqualTo(h("00"));
        assertThat(mutateAndRead(h("ff"), MutationType.ADD, h("0100"))).isEqualTo(h("0001"));
        assertThat(mutateAndRead(le(5), MutationType.ADD, le(-1))).isEqualTo(le(4));
        assertThat(mutateAndRead(h(""), MutationType.ADD, h("05"))).isEqualTo(h("05"));
        assertThat(mutateAndRead(h("05"), MutationType.ADD, h(""))).isEqualTo(h(""));
    }

    @Test
    void shouldApplyBitwiseOperations() {
        assertThat(mutateAndRead(null, MutationType.BIT_AND, h("0f"))).isEqualTo(h("0f"));
        assertThat(mutateAndRead(h("ff"), MutationType.BIT_AND, h("0f0f"))).isEqualTo(h("0f00"));
        assertThat(mutateAndRead(h("f0"), MutationType.BIT_OR, h("0f0f"))).isEqualTo(h("ff0f"));
        assertThat(mutateAndRead(null, MutationType.BIT_OR, h("01"))).isEqualTo(h("01"));
        assertThat(mutateAndRead(h("ffff"), MutationType.BIT_XOR, h("0f"))).isEqualTo(h("f0"));
        assertThat(mutateAndRead(null, MutationType.BIT_XOR, h("0f"))).isEqualTo(h("0f"));
    }

    @Test
    void shouldApplyAppendMinMaxByteMinByteMaxAndCompareAndClear() {
        assertThat(mutateAndRead(b("ab"), MutationType.APPEND_IF_FITS, b("cd"))).isEqualTo(b("abcd"));
        assertThat(mutateAndRead(null, MutationType.APPEND_IF_FITS, b("cd"))).isEqualTo(b("cd"));
        byte[] big = new byte[99_999];
        assertThat(mutateAndRead(big, MutationType.APPEND_IF_FITS, b("xy"))).isEqualTo(big);
        assertThat(mutateAndRead(le(7), MutationType.MAX, le(9))).isEqualTo(le(9));
        assertThat(mutateAndRead(le(9), MutationType.MAX, le(7))).isEqualTo(le(9));
        assertThat(mutateAndRead(null, MutationType.MAX, le(7))).isEqualTo(le(7));
        assertThat(mutateAndRead(le(7), MutationType.MIN, le(9))).isEqualTo(le(7));
        assertThat(mutateAndRead(null, MutationType.MIN, le(9))).isEqualTo(le(9));
        assertThat(mutateAndRead(h("0100"), MutationType.MIN, h("02"))).isEqualTo(h("01"));
        assertThat(mutateAndRead(b("b"), MutationType.BYTE_MIN, b("ab"))).isEqualTo(b("ab"));
        assertThat(mutateAndRead(b("b"), MutationType.BYTE_MAX, b("ab"))).isEqualTo(b("b"));
        assertThat(mutateAndRead(null, MutationType.BYTE_MAX, b("ab"))).isEqualTo(b("ab"));
        assertThat(mutateAndRead(b("same"), MutationType.COMPARE_AND_CLEAR, b("same"))).isNull();
        assertThat(mutateAndRead(b("other"), MutationType.COMPARE_AND_CLEAR, b("same"))).isEqualTo(b("other"));
    }

    @Test
    void shouldSeeAtomicOpsInOwnReadsAndApplyThemAgainstTheNewestValueAtCommit() {
        byte[] key = k("c");
        db().run(tr -> {
            tr.set(key, le(10));
            return null;
        });
        Transaction t1 = db().createTransaction();
        t1.mutate(MutationType.ADD, key, le(5));
        assertThat(leLong(t1.snapshot().get(key).join())).isEqualTo(15);
        db().run(tr -> {
            tr.mutate(MutationType.ADD, key, le(100));
            return null;
        });
        t1.commit().join();
        t1.close();
        assertThat(leLong(db().read(tr -> tr.get(key).join()))).isEqualTo(115);
    }

    @Test
    void shouldNeverConflictOnAtomicOpsAlone() {
        byte[] key = k("c");
        Transaction t1 = db().createTransaction();
        Transaction t2 = db().createTransaction();
        t1.mutate(MutationType.ADD, key, le(1));
        t2.mutate(MutationType.ADD, key, le(1));
        t2.commit().join();
        t1.commit().join();
        t1.close();
        t2.close();
        assertThat(leLong(db().read(tr -> tr.get(key).join()))).isEqualTo(2);
    }

    @Test
    void shouldRejectInvalidVersionstampTemplates() {
        try (Transaction tr = db().createTransaction()) {
            byte[] shortTemplate = new byte[3];
            assertThat(code(() -> tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, shortTemplate, b("v"))))
                    .isEqualTo(2000);
            byte[] outOfBounds = {1, 2, 3, 4, 5, 0x7f, 0, 0, 0};
            assertThat(code(() -> tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, k("a"), outOfBounds)))
                    .isEqualTo(2000);
        }
    }

    @Test
    void shouldWriteVersionstampedKeysAndValuesMatchingTheTransactionVersionstamp() {
        Transaction tr = db().createTransaction();
        byte[] keyTemplate = Versionstamps.packWithVersionstamp(Tuple.from("vs", Versionstamp.incomplete(7)), prefix);
        tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, keyTemplate, b("payload"));
        byte[] valueTemplate = Versionstamps.packWithVersionstamp(Tuple.from(Versionstamp.incomplete(3)));
        tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, k("vv"), valueTemplate);
        assertThat(code(tr.get(k("vv")))).isEqualTo(1036);
        assertThat(code(tr.getRange(Range.startsWith(prefix)).asList())).isEqualTo(1036);
        var stampFuture = tr.getVersionstamp();
        tr.commit().join();
        byte[] stamp = stampFuture.join();
        assertThat(stamp).hasSize(10);
        long version = ByteBuffer.wrap(stamp).order(ByteOrder.BIG_ENDIAN).getLong();
        assertThat(version).isEqualTo(tr.getCommittedVersion());
        tr.close();

        db().read(r -> {
            var kvs = r.getRange(Range.startsWith(Tuple.from("vs").pack(prefix))).asList().join();
            assertThat(kvs).hasSize(1);
            Tuple t = Tuple.fromBytes(kvs.getFirst().getKey(), prefix.length, kvs.getFirst().getKey().length
                    - prefix.length);
            Versionstamp vs = t.getVersionstamp(1);
            assertThat(vs.isComplete()).isTrue();
            assertThat(vs.getTransactionVersion()).isEqualTo(stamp);
            assertThat(vs.getUserVersion()).isEqualTo(7);
            Versionstamp inValue = Tuple.fromBytes(r.get(k("vv")).join()).getVersionstamp(0);
            assertThat(inValue).isEqualTo(Versionstamp.complete(stamp, 3));
            return null;
        });
    }

    @Test
    void shouldReportNoVersionstampForReadOnlyOrFailedCommits() {
        Transaction ro = db().createTransaction();
        ro.get(k("x")).join();
        var stamp = ro.getVersionstamp();
        ro.commit().join();
        assertThat(ro.getCommittedVersion()).isEqualTo(-1L);
        assertThat(code(stamp)).isEqualTo(2021);
        ro.close();

        put("x", "0");
        Transaction loser = db().createTransaction();
        loser.get(k("x")).join();
        var lost = loser.getVersionstamp();
        put("x", "1");
        loser.set(k("y"), b("1"));
        assertThat(code(loser.commit())).isEqualTo(1020);
        assertThat(code(lost)).isEqualTo(2020);
        loser.close();
    }

    @Test
    void shouldGiveIncreasingCommittedVersions() {
        long last = 0;
        for (int i = 0; i < 5; i++) {
            Transaction tr = db().createTransaction();
            tr.set(k("v"), le(i));
            tr.commit().join();
            assertThat(tr.getCommittedVersion()).isGreaterThan(last);
            last = tr.getCommittedVersion();
            tr.close();
        }
        long rv = db().read(tr -> tr.getReadVersion().join());
        assertThat(rv).isGreaterThanOrEqualTo(last);
    }

    @Test
    void shouldEnforceKeyValueAndTransactionSizeLimits() {
        try (Transaction tr = db().createTransaction()) {
            byte[] longKey = new byte[10_001];
            assertThat(code(() -> tr.set(longKey, b("v")))).isEqualTo(2102);
            assertThat(code(() -> tr.mutate(MutationType.ADD, longKey, le(1)))).isEqualTo(2102);
            assertThat(code(() -> tr.set(k("v"), new byte[100_001]))).isEqualTo(2103);
            assertThat(tr.get(longKey).join()).isNull();
            tr.clear(longKey);
            tr.set(k("max"), new byte[100_000]);
        }
        Transaction big = db().createTransaction();
        for (int i = 0; i < 101; i++) {
            big.set(k("big" + i), new byte[100_000]);
        }
        assertThat(big.getApproximateSize().join()).isGreaterThan(10_000_000L);
        assertThat(code(big.commit())).isEqualTo(2101);
        big.close();
        Transaction limited = db().createTransaction();
        limited.options().setSizeLimit(1000);
        limited.set(k("s"), new byte[2000]);
        assertThat(code(limited.commit())).isEqualTo(2101);
        limited.close();
    }

    @Test
    void shouldEnforceKeyspaceRulesAndInvertedRanges() {
        try (Transaction tr = db().createTransaction()) {
            assertThat(code(() -> tr.set(b("\u00ffsys"), b("v")))).isEqualTo(2004);
            assertThat(code(() -> tr.clear(b("\u00ff"), b("\u00ff\u0001")))).isEqualTo(2004);
            assertThat(code(tr.get(b("\u00ffsys")))).isEqualTo(2004);
            assertThat(code(tr.getRange(b("\u00ff\u0001"), b("\u00ff\u0002")).asList())).isEqualTo(2004);
            assertThat(code(() -> tr.clear(k("b"), k("a")))).isEqualTo(2005);
            assertThat(code(() -> tr.addReadConflictRange(k("b"), k("a")))).isEqualTo(2005);
            assertThat(code(() -> tr.addWriteConflictRange(k("b"), k("a")))).isEqualTo(2005);
            tr.clear(k("a"), k("a"));
            tr.clear(k("a"), b("\u00ff"));
            assertThatThrownBy(() -> tr.set(null, b("v"))).isInstanceOf(IllegalArgumentException.class);
        }
        try (Transaction tr = db().createTransaction()) {
            tr.options().setReadSystemKeys();
            tr.getRange(b("\u00ff\u0001"), b("\u00ff\u0002"), 1).asList().join();
            tr.options().setAccessSystemKeys();
            tr.get(b("\u00ff/kronotop-contract-probe")).join();
        }
    }

    @Test
    void shouldTimeOutWithCode1031() {
        Transaction tr = db().createTransaction();
        tr.options().setTimeout(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            try {
                tr.get(k("t")).join();
                return false;
            } catch (RuntimeException e) {
                return code(() -> {
                    throw e;
                }) == 1031;
            }
        });
        assertThat(code(tr.onError(new FDBException("timed out", 1031)))).isEqualTo(1031);
        tr.close();
        Transaction watching = db().createTransaction();
        CompletableFuture<Void> watch = watching.watch(k("timeout-watch"));
        watching.options().setTimeout(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(watch::isDone);
        assertThat(code(watch)).isEqualTo(1031);
        watching.close();
    }

    @Test
    void shouldStopRetryingAtTheRetryLimit() {
        Transaction tr = db().createTransaction();
        tr.options().setRetryLimit(2);
        FDBException conflict = new FDBException("conflict", 1020);
        Transaction t2 = tr.onError(conflict).join();
        Transaction t3 = t2.onError(conflict).join();
        assertThat(code(t3.onError(conflict))).isEqualTo(1020);
        t3.close();
    }

    @Test
    void shouldSkipTheWriteConflictOfTheNextWriteOnly() {
        Transaction reader = db().createTransaction();
        reader.get(k("a")).join();
        reader.get(k("b")).join();
        db().run(tr -> {
            tr.options().setNextWriteNoWriteConflictRange();
            tr.set(k("a"), b("1"));
            return null;
        });
        reader.set(k("w"), b("1"));
        reader.commit().join();
        reader.close();
        Transaction reader2 = db().createTransaction();
        reader2.get(k("b")).join();
        db().run(tr -> {
            tr.options().setNextWriteNoWriteConflictRange();
            tr.set(k("a"), b("2"));
            tr.set(k("b"), b("2"));
            return null;
        });
        reader2.set(k("w"), b("2"));
        assertThat(code(reader2.commit())).isEqualTo(1020);
        reader2.close();
    }

    @Test
    void shouldTurnOffSnapshotReadYourWritesWithTheOption() {
        put("k", "stored");
        try (Transaction tr = db().createTransaction()) {
            tr.options().setSnapshotRywDisable();
            tr.set(k("k"), b("mine"));
            assertThat(str(tr.snapshot().get(k("k")).join())).isEqualTo("stored");
            assertThat(str(tr.get(k("k")).join())).isEqualTo("mine");
        }
        try (Transaction tr = db().createTransaction()) {
            tr.options().setReadYourWritesDisable();
            tr.set(k("k"), b("mine"));
            assertThat(str(tr.get(k("k")).join())).isEqualTo("stored");
            assertThat(code(tr.watch(k("k")))).isEqualTo(1034);
        }
    }

    @Test
    void shouldEstimateSizesAndSplitPoints() {
        db().run(tr -> {
            for (int i = 0; i < 200; i++) {
                tr.set(k(String.format("s%04d", i)), new byte[1000]);
            }
            return null;
        });
        try (Transaction tr = db().createTransaction()) {
            long a = tr.getApproximateSize().join();
            tr.set(k("x"), new byte[100]);
            long b = tr.getApproximateSize().join();
            tr.addReadConflictKey(k("y"));
            assertThat(b).isGreaterThan(a);
            assertThat(tr.getApproximateSize().join()).isGreaterThan(b);
            Range r = Range.startsWith(k("s"));
            assertThat(tr.getEstimatedRangeSizeBytes(r).join()).isGreaterThanOrEqualTo(0L);
            KeyArrayResult split = tr.getRangeSplitPoints(r, 50_000).join();
            assertThat(split.getKeys().getFirst()).isEqualTo(r.begin);
            assertThat(split.getKeys().getLast()).isEqualTo(r.end);
            for (int i = 1; i < split.getKeys().size(); i++) {
                assertThat(Keys.compare(split.getKeys().get(i - 1), split.getKeys().get(i))).isNegative();
            }
        }
    }

    @Test
    void shouldFailUnsupportedCallsWith2108() {
        try (Transaction tr = db().createTransaction()) {
            assertThat(code(() -> tr.getMappedRange(KeySelector.firstGreaterOrEqual(k("a")),
                    KeySelector.firstGreaterOrEqual(k("b")), Tuple.from("{K[1]}").pack(), 0, false,
                    StreamingMode.WANT_ALL).asList().join())).isIn(2108, 2030, 2031, 2032, 2033, 2034, 2035, 2036,
                    2037, 2038, 2039);
        }
        assertThat(code(blob(db()))).isIn(2108, 2136, 1000, 2018);
    }

    private static java.util.concurrent.CompletableFuture<Boolean> blob(Database db) {
        return db.blobbifyRange(new byte[]{1}, new byte[]{2}, db.getExecutor());
    }

    @Test
    void shouldGiveFdbExceptionsTheirCodeAndDescription() {
        int code = code(() -> db().run(tr -> {
            tr.set(b("\u00ffx"), b("v"));
            return null;
        }));
        assertThat(code).isEqualTo(2004);
        FDBException e = new FDBException("Key outside legal range", 2004);
        assertThat(e.getCode()).isEqualTo(2004);
        assertThat(Arrays.asList(e.getMessage())).isNotEmpty();
    }
}
