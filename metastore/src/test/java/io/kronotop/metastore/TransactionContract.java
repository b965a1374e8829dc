package io.kronotop.metastore;

import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.async.AsyncIterable;
import com.apple.foundationdb.async.AsyncIterator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Transactions: read-your-writes, snapshot reads, conflicts, read versions, key selectors and range reads. */
abstract class TransactionContract extends ContractBase {

    private List<String> keys(List<KeyValue> kvs) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : kvs) {
            out.add(suffix(kv.getKey()));
        }
        return out;
    }

    @Test
    void shouldReadYourWritesOverSetsClearsAndRanges() {
        put("a", "1");
        put("b", "2");
        put("c", "3");
        try (Transaction tr = db().createTransaction()) {
            assertThat(str(tr.get(k("a")).join())).isEqualTo("1");
            tr.set(k("a"), b("10"));
            tr.clear(k("b"));
            tr.set(k("d"), b("4"));
            assertThat(str(tr.get(k("a")).join())).isEqualTo("10");
            assertThat(tr.get(k("b")).join()).isNull();
            assertThat(keys(tr.getRange(Range.startsWith(prefix)).asList().join())).containsExactly("a", "c", "d");
            tr.clear(k("a"), k("d"));
            assertThat(keys(tr.getRange(Range.startsWith(prefix)).asList().join())).containsExactly("d");
            tr.set(k("b"), b("again"));
            assertThat(keys(tr.getRange(Range.startsWith(prefix)).asList().join())).containsExactly("b", "d");
            assertThat(keys(tr.getRange(Range.startsWith(prefix), 0, true).asList().join()))
                    .containsExactly("d", "b");
            tr.commit().join();
        }
        List<String> all = db().read(tr -> keys(tr.getRange(Range.startsWith(prefix)).asList().join()));
        assertThat(all)
                .containsExactly("b", "d");
    }

    @Test
    void shouldSeeOwnWritesInSnapshotReadsWithoutConflicts() {
        put("x", "0");
        Transaction t1 = db().createTransaction();
        t1.set(k("own"), b("mine"));
        assertThat(str(t1.snapshot().get(k("own")).join())).isEqualTo("mine");
        assertThat(str(t1.snapshot().get(k("x")).join())).isEqualTo("0");
        assertThat(t1.snapshot().isSnapshot()).isTrue();
        assertThat(t1.snapshot().snapshot()).isSameAs(t1.snapshot());
        assertThat(t1.snapshot().addReadConflictKeyIfNotSnapshot(k("x"))).isFalse();
        put("x", "1");
        t1.set(k("y"), b("1"));
        t1.commit().join();
        t1.close();
    }

    @Test
    void shouldConflictWhenReadKeyChangedByLaterCommit() {
        put("x", "0");
        Transaction t1 = db().createTransaction();
        t1.get(k("x")).join();
        put("x", "1");
        t1.set(k("y"), b("1"));
        assertThat(code(t1.commit())).isEqualTo(1020);
        t1.close();
    }

    @Test
    void shouldNotConflictOnBlindWritesOrReadOnlyTransactions() {
        Transaction t1 = db().createTransaction();
        Transaction t2 = db().createTransaction();
        t1.set(k("x"), b("1"));
        t2.set(k("x"), b("2"));
        t2.get(k("other")).join();
        t1.commit().join();
        t2.commit().join();
        Transaction t3 = db().createTransaction();
        t3.get(k("x")).join();
        put("x", "3");
        t3.commit().join();
        assertThat(t3.getCommittedVersion()).isEqualTo(-1L);
        t1.close();
        t2.close();
        t3.close();
    }

    @Test
    void shouldConflictOnlyOnWhatARangeReadWithLimitActuallyRead() {
        for (String s : new String[]{"a", "b", "c", "d"}) {
            put(s, s);
        }
        Transaction t1 = db().createTransaction();
        assertThat(keys(t1.getRange(k("a"), k("z"), 2).asList().join())).containsExactly("a", "b");
        put("c2", "x");
        t1.set(k("zz"), b("1"));
        t1.commit().join();
        t1.close();

        Transaction t2 = db().createTransaction();
        assertThat(keys(t2.getRange(k("a"), k("z"), 2).asList().join())).containsExactly("a", "b");
        put("a1", "x");
        t2.set(k("zz"), b("1"));
        assertThat(code(t2.commit())).isEqualTo(1020);
        t2.close();

        Transaction t3 = db().createTransaction();
        assertThat(keys(t3.getRange(k("a"), k("z"), 2, true).asList().join())).containsExactly("d", "c2");
        put("b1", "x");
        t3.set(k("zz"), b("1"));
        t3.commit().join();
        t3.close();

        Transaction t4 = db().createTransaction();
        assertThat(keys(t4.getRange(k("a"), k("z"), 2, true).asList().join())).containsExactly("d", "c2");
        put("y", "x");
        t4.set(k("zz"), b("1"));
        assertThat(code(t4.commit())).isEqualTo(1020);
        t4.close();
    }

    @Test
    void shouldConflictOnExplicitReadConflictRangesAndNotOnSnapshotReads() {
        Transaction t1 = db().createTransaction();
        t1.addReadConflictRange(k("m"), k("n"));
        t1.snapshot().get(k("q")).join();
        put("q", "1");
        t1.set(k("w"), b("1"));
        t1.commit().join();
        t1.close();
        Transaction t2 = db().createTransaction();
        t2.getReadVersion().join();
        assertThat(t2.addReadConflictRangeIfNotSnapshot(k("m"), k("n"))).isTrue();
        put("m5", "1");
        t2.set(k("w"), b("2"));
        assertThat(code(t2.commit())).isEqualTo(1020);
        t2.close();
    }

    @Test
    void shouldMakeWriteConflictRangesVisibleToOtherReaders() {
        Transaction reader = db().createTransaction();
        reader.get(k("guard")).join();
        db().run(tr -> {
            tr.addWriteConflictKey(k("guard"));
            return null;
        });
        reader.set(k("w"), b("1"));
        assertThat(code(reader.commit())).isEqualTo(1020);
        reader.close();
    }

    @Test
    void shouldFixReadVersionOnceAndReadOldVersionsWithSetReadVersion() {
        put("v", "old");
        Transaction t1 = db().createTransaction();
        long rv = t1.getReadVersion().join();
        assertThat(t1.getReadVersion().join()).isEqualTo(rv);
        assertThat(code(() -> t1.setReadVersion(rv))).isEqualTo(2010);
        put("v", "new");
        assertThat(str(t1.get(k("v")).join())).isEqualTo("old");
        t1.close();
        Transaction t2 = db().createTransaction();
        t2.setReadVersion(rv);
        assertThat(str(t2.get(k("v")).join())).isEqualTo("old");
        t2.close();
        Transaction t3 = db().createTransaction();
        assertThat(code(() -> t3.setReadVersion(0))).isEqualTo(2011);
        t3.close();
        Transaction t4 = db().createTransaction();
        assertThat(str(t4.get(k("v")).join())).isEqualTo("new");
        assertThat(t4.getReadVersion().join()).isGreaterThan(rv);
        t4.close();
    }

    @Test
    void shouldResolveKeySelectorsOfAllFourFormsWithOffsets() {
        put("a1", "");
        put("a2", "");
        put("a3", "");
        db().read(tr -> {
            assertThat(suffix(tr.getKey(KeySelector.firstGreaterOrEqual(k("a0"))).join())).isEqualTo("a1");
            assertThat(suffix(tr.getKey(KeySelector.firstGreaterOrEqual(k("a2"))).join())).isEqualTo("a2");
            assertThat(suffix(tr.getKey(KeySelector.firstGreaterThan(k("a2"))).join())).isEqualTo("a3");
            assertThat(suffix(tr.getKey(KeySelector.lastLessThan(k("a2"))).join())).isEqualTo("a1");
            assertThat(suffix(tr.getKey(KeySelector.lastLessOrEqual(k("a2"))).join())).isEqualTo("a2");
            assertThat(suffix(tr.getKey(KeySelector.firstGreaterOrEqual(k("a2")).add(1)).join())).isEqualTo("a3");
            assertThat(suffix(tr.getKey(KeySelector.lastLessOrEqual(k("a3")).add(-2)).join())).isEqualTo("a1");
            byte[] before = tr.getKey(KeySelector.firstGreaterOrEqual(k("a2")).add(-2)).join();
            assertThat(Keys.compare(before, k("a1"))).isNegative();
            assertThat(tr.getKey(KeySelector.lastLessThan(new byte[]{0})).join()).isEmpty();
            assertThat(tr.getKey(KeySelector.firstGreaterThan(b("\u00ff")).add(5)).join()).isEqualTo(b("\u00ff"));
            assertThat(tr.getKey(KeySelector.firstGreaterOrEqual(b("\u00ff"))).join()).isEqualTo(b("\u00ff"));
            return null;
        });
    }

    @Test
    void shouldResolveSelectorsAgainstOwnWrites() {
        put("a1", "");
        put("a3", "");
        try (Transaction tr = db().createTransaction()) {
            tr.set(k("a2"), b(""));
            tr.clear(k("a3"));
            assertThat(suffix(tr.getKey(KeySelector.firstGreaterThan(k("a1"))).join())).isEqualTo("a2");
            assertThat(Keys.compare(tr.getKey(KeySelector.firstGreaterThan(k("a2"))).join(), k("a3")))
                    .isPositive();
        }
    }

    @Test
    void shouldSupportEveryGetRangeOverload() {
        for (int i = 0; i < 10; i++) {
            put("r" + i, "v" + i);
        }
        db().read(tr -> {
            KeySelector b = KeySelector.firstGreaterOrEqual(k("r2"));
            KeySelector e = KeySelector.firstGreaterOrEqual(k("r7"));
            Range r = new Range(k("r2"), k("r7"));
            List<List<KeyValue>> results = List.of(
                    tr.getRange(b, e).asList().join(),
                    tr.getRange(b, e, 0).asList().join(),
                    tr.getRange(b, e, 0, false).asList().join(),
                    tr.getRange(b, e, 0, false, StreamingMode.WANT_ALL).asList().join(),
                    tr.getRange(k("r2"), k("r7")).asList().join(),
                    tr.getRange(k("r2"), k("r7"), 0).asList().join(),
                    tr.getRange(k("r2"), k("r7"), 0, false).asList().join(),
                    tr.getRange(k("r2"), k("r7"), 0, false, StreamingMode.SMALL).asList().join(),
                    tr.getRange(r).asList().join(),
                    tr.getRange(r, 0).asList().join(),
                    tr.getRange(r, 0, false).asList().join(),
                    tr.getRange(r, 0, false, StreamingMode.SERIAL).asList().join());
            for (List<KeyValue> kvs : results) {
                assertThat(keys(kvs)).containsExactly("r2", "r3", "r4", "r5", "r6");
            }
            assertThat(keys(tr.getRange(r, 2, true).asList().join())).containsExactly("r6", "r5");
            assertThat(keys(tr.getRange(r, 3, false, StreamingMode.EXACT).asList().join()))
                    .containsExactly("r2", "r3", "r4");
            assertThat(keys(tr.getRange(KeySelector.firstGreaterThan(k("r2")), KeySelector.firstGreaterThan(k("r4")))
                    .asList().join())).containsExactly("r3", "r4");
            assertThat(tr.getRange(k("r7"), k("r2")).asList().join()).isEmpty();
            for (StreamingMode mode : StreamingMode.values()) {
                int limit = mode == StreamingMode.EXACT ? 4 : 0;
                List<KeyValue> got = new ArrayList<>();
                tr.getRange(r, limit, true, mode).forEach(got::add);
                assertThat(keys(got)).as(mode.name()).startsWith("r6", "r5", "r4");
            }
            return null;
        });
    }

    @Test
    void shouldFailRangeReadsWithInvalidLimitsOrModes() {
        try (Transaction tr = db().createTransaction()) {
            assertThat(code(tr.getRange(k("a"), k("b"), -1).asList())).isEqualTo(2012);
            assertThat(code(tr.getRange(k("a"), k("b"), 0, false, StreamingMode.EXACT).asList())).isEqualTo(2210);
        }
    }

    @Test
    void shouldIterateLargeRangesLazilyInChunks() {
        db().run(tr -> {
            for (int i = 0; i < 3000; i++) {
                tr.set(k(String.format("big%05d", i)), b("v"));
            }
            return null;
        });
        try (Transaction tr = db().createTransaction()) {
            AsyncIterator<KeyValue> it = tr.getRange(Range.startsWith(k("big"))).iterator();
            int n = 0;
            while (it.onHasNext().join()) {
                KeyValue kv = it.next();
                assertThat(suffix(kv.getKey())).isEqualTo(String.format("big%05d", n));
                n++;
            }
            assertThat(n).isEqualTo(3000);
            assertThat(it.hasNext()).isFalse();
            int reverse = 0;
            for (KeyValue ignored : tr.getRange(Range.startsWith(k("big")), 2500, true)) {
                reverse++;
            }
            assertThat(reverse).isEqualTo(2500);
        }
    }

    @Test
    void shouldNotReadOrConflictOnARangeThatIsNeverIterated() {
        Transaction t1 = db().createTransaction();
        t1.getReadVersion().join();
        AsyncIterable<KeyValue> lazy = t1.getRange(k("a"), k("z"));
        assertThat(lazy).isNotNull();
        put("m", "1");
        t1.set(k("w"), b("1"));
        t1.commit().join();
        t1.close();
    }

    @Test
    void shouldRejectReadsAfterCommitIsIssuedAndAnyUseAfterCancel() {
        Transaction tr = db().createTransaction();
        tr.set(k("a"), b("1"));
        tr.commit().join();
        assertThat(code(tr.get(k("a")))).isEqualTo(2017);
        assertThat(code(tr.commit())).isEqualTo(2017);
        tr.set(k("b"), b("ignored"));
        tr.close();
        Transaction c = db().createTransaction();
        c.cancel();
        assertThat(code(c.get(k("a")))).isEqualTo(1025);
        assertThat(code(c.commit())).isEqualTo(1025);
        c.close();
        assertThat(value(k("b"))).isNull();
    }
}
