package io.kronotop.metastore;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * 10,000 random steps over up to three interleaved transactions, checked against a simple serial reference: every
 * read must equal the reference snapshot plus the transaction's own writes; every accepted commit must be
 * serializable (its reads replayed at its commit point give the same answers); a rejected commit must have had a
 * concurrent commit; the database must equal the reference after restarts. Replay with
 * {@code -Dmetastore.model.seed=<seed>}.
 */
class ModelCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckTest.class);
    private static final int STEPS = 10_000;
    private static final byte[] END = {(byte) 0xFF};
    private static final MutationType[] ATOMICS = {MutationType.ADD, MutationType.BIT_AND, MutationType.BIT_OR,
        MutationType.BIT_XOR, MutationType.APPEND_IF_FITS, MutationType.MAX, MutationType.MIN,
        MutationType.BYTE_MIN, MutationType.BYTE_MAX, MutationType.COMPARE_AND_CLEAR};

    /** One logged operation: a write, or a read with the answer the database gave. */
    private record Step(String kind, byte[] a, byte[] b, MutationType type, KeySelector s1, KeySelector s2,
                        int limit, boolean reverse, Object answer) {
    }

    private static final class Tx {
        final Transaction tr;
        final TreeMap<byte[], byte[]> local;
        final List<Step> log = new ArrayList<>();
        final long startCommits;
        final long startNs;

        Tx(Transaction tr, TreeMap<byte[], byte[]> snapshot, long startCommits, long startNs) {
            this.tr = tr;
            this.local = snapshot;
            this.startCommits = startCommits;
            this.startNs = startNs;
        }
    }

    @TempDir
    Path dir;

    private final TreeMap<byte[], byte[]> committed = new TreeMap<>(Arrays::compareUnsigned);
    /** Virtual time: 100 ms per step, so the 5-second window, pruning and resolver pruning all come into play. */
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private int tooOld;
    private long commits;
    private Random rnd;

    @Test
    void shouldMatchASerialReferenceOverTenThousandRandomSteps() throws Exception {
        long seed = Long.getLong("metastore.model.seed", System.nanoTime());
        LOG.info("model check seed {} (replay with -Dmetastore.model.seed={})", seed, seed);
        rnd = new Random(seed);
        EmbeddedDatabase db = EmbeddedDatabase.open(MetastoreConfig.embedded(dir), clock::get);
        Tx[] slots = new Tx[3];
        int accepted = 0;
        int conflicts = 0;
        try {
            for (int step = 0; step < STEPS; step++) {
                clock.addAndGet(100_000_000L);
                int slot = rnd.nextInt(slots.length);
                if (slots[slot] == null) {
                    Transaction tr = db.createTransaction();
                    tr.getReadVersion().join();
                    slots[slot] = new Tx(tr, new TreeMap<>(committed), commits, clock.get());
                }
                Tx tx = slots[slot];
                int p = rnd.nextInt(100);
                try {
                    if (p < 28) {
                        byte[] k = key();
                        byte[] v = value();
                        tx.tr.set(k, v);
                        tx.local.put(k, v);
                        tx.log.add(new Step("set", k, v, null, null, null, 0, false, null));
                    } else if (p < 34) {
                        byte[] k = key();
                        tx.tr.clear(k);
                        tx.local.remove(k);
                        tx.log.add(new Step("clear", k, null, null, null, null, 0, false, null));
                    } else if (p < 38) {
                        byte[] x = key();
                        byte[] y = key();
                        byte[] b = Keys.min(x, y);
                        byte[] e = Keys.max(x, y);
                        tx.tr.clear(b, e);
                        tx.local.subMap(b, true, e, false).clear();
                        tx.log.add(new Step("clearRange", b, e, null, null, null, 0, false, null));
                    } else if (p < 50) {
                        byte[] k = key();
                        MutationType t = ATOMICS[rnd.nextInt(ATOMICS.length)];
                        byte[] param = value();
                        tx.tr.mutate(t, k, param);
                        putOrRemove(tx.local, k, atomic(t, tx.local.get(k), param));
                        tx.log.add(new Step("atomic", k, param, t, null, null, 0, false, null));
                    } else if (p < 65) {
                        byte[] k = key();
                        byte[] got = tx.tr.get(k).join();
                        assertThat(got).as("step %d get %s", step, Keys.printable(k)).isEqualTo(tx.local.get(k));
                        tx.log.add(new Step("get", k, null, null, null, null, 0, false, got));
                    } else if (p < 78) {
                        KeySelector b = selector();
                        KeySelector e = selector();
                        int limit = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(5);
                        boolean reverse = rnd.nextBoolean();
                        List<String> got = render(tx.tr.getRange(b, e, limit, reverse).asList().join());
                        assertThat(got).as("step %d range %s..%s limit %d reverse %s", step, b, e, limit, reverse)
                                .isEqualTo(render(range(tx.local, b, e, limit, reverse)));
                        tx.log.add(new Step("range", null, null, null, b, e, limit, reverse, got));
                    } else if (p < 86) {
                        KeySelector s = selector();
                        byte[] got = tx.tr.getKey(s).join();
                        assertThat(Keys.printable(got)).as("step %d getKey %s", step, s)
                                .isEqualTo(Keys.printable(resolve(tx.local, s)));
                        tx.log.add(new Step("getKey", null, null, null, s, null, 0, false, got));
                    } else if (p < 97) {
                        slots[slot] = null;
                        try {
                            tx.tr.commit().join();
                            verifySerializable(tx, step);
                            accepted++;
                        } catch (CompletionException e) {
                            FDBException fe = (FDBException) e.getCause();
                            if (fe.getCode() == 1007) {
                                throw e;
                            }
                            assertThat(fe.getCode()).isEqualTo(1020);
                            assertThat(commits).as("step %d: conflict without a concurrent commit", step)
                                    .isGreaterThan(tx.startCommits);
                            conflicts++;
                        } finally {
                            tx.tr.close();
                        }
                    } else {
                        slots[slot] = null;
                        tx.tr.cancel();
                        tx.tr.close();
                        if (rnd.nextInt(4) == 0 && Arrays.stream(slots).allMatch(s -> s == null)) {
                            if (rnd.nextBoolean()) {
                                db.close();
                            } else {
                                db.crashForTesting();
                            }
                            db = EmbeddedDatabase.open(MetastoreConfig.embedded(dir), clock::get);
                            verifyContents(db, step);
                        }
                    }
                } catch (CompletionException e) {
                    FDBException fe = (FDBException) e.getCause();
                    assertThat(fe.getCode()).as("step %d", step).isEqualTo(1007);
                    assertThat(clock.get() - tx.startNs).as("step %d: 1007 inside the window", step)
                            .isGreaterThan(5_000_000_000L);
                    slots[slot] = null;
                    tx.tr.close();
                    tooOld++;
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
                }
            }
            for (Tx tx : slots) {
                if (tx != null) {
                    tx.tr.close();
                }
            }
            verifyContents(db, STEPS);
        } finally {
            db.close();
        }
        LOG.info("model check: {} commits accepted, {} conflicts, {} too old", accepted, conflicts, tooOld);
        assertThat(accepted).isPositive();
    }

    private void verifySerializable(Tx tx, int step) {
        boolean writer = tx.log.stream().anyMatch(s -> switch (s.kind()) {
            case "set", "clear", "atomic" -> true;
            case "clearRange" -> Arrays.compareUnsigned(s.a(), s.b()) < 0;
            default -> false;
        });
        if (!writer) {
            return; // a read-only transaction is serialized at its read version, where every read was checked
        }
        TreeMap<byte[], byte[]> state = new TreeMap<>(committed);
        boolean wrote = false;
        for (Step s : tx.log) {
            switch (s.kind()) {
                case "set" -> {
                    state.put(s.a(), s.b());
                    wrote = true;
                }
                case "clear" -> {
                    state.remove(s.a());
                    wrote = true;
                }
                case "clearRange" -> {
                    state.subMap(s.a(), true, s.b(), false).clear();
                    wrote = true;
                }
                case "atomic" -> {
                    putOrRemove(state, s.a(), atomic(s.type(), state.get(s.a()), s.b()));
                    wrote = true;
                }
                case "get" -> assertThat((byte[]) s.answer()).as("step %d: committed but get not serializable", step)
                        .isEqualTo(state.get(s.a()));
                case "range" -> assertThat(s.answer()).as("step %d: committed but range %s..%s limit %d reverse %s not serializable; log %s",
                        step, s.s1(), s.s2(), s.limit(), s.reverse(), describe(tx.log))
                        .isEqualTo(render(range(state, s.s1(), s.s2(), s.limit(), s.reverse())));
                case "getKey" -> assertThat(Keys.printable((byte[]) s.answer()))
                        .as("step %d: committed but getKey not serializable", step)
                        .isEqualTo(Keys.printable(resolve(state, s.s1())));
                default -> fail("unknown step " + s.kind());
            }
        }
        if (wrote) {
            assertThat(tx.tr.getCommittedVersion()).isPositive();
            committed.clear();
            committed.putAll(state);
            commits++;
        }
    }

    private static String describe(List<Step> log) {
        StringBuilder sb = new StringBuilder();
        for (Step s : log) {
            sb.append(s.kind()).append(' ');
            if (s.a() != null) {
                sb.append(Keys.printable(s.a())).append(' ');
            }
            if (s.b() != null) {
                sb.append(Keys.printable(s.b())).append(' ');
            }
            if (s.type() != null) {
                sb.append(s.type()).append(' ');
            }
            if (s.s1() != null) {
                sb.append(s.s1()).append(' ');
            }
            if (s.s2() != null) {
                sb.append(s.s2()).append(' ');
            }
            sb.append("-> ").append(s.answer() instanceof byte[] v ? Keys.printable(v) : s.answer()).append("; ");
        }
        return sb.toString();
    }

    private void verifyContents(EmbeddedDatabase db, int step) {
        List<KeyValue> all = db.read(tr -> tr.getRange(new byte[0], END).asList().join());
        List<String> want = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : committed.entrySet()) {
            want.add(Keys.printable(e.getKey()) + "=" + Keys.printable(e.getValue()));
        }
        assertThat(render(all)).as("contents at step %d", step).isEqualTo(want);
    }

    private static List<String> render(List<KeyValue> kvs) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : kvs) {
            out.add(Keys.printable(kv.getKey()) + "=" + Keys.printable(kv.getValue()));
        }
        return out;
    }

    private byte[] key() {
        int len = 1 + rnd.nextInt(2);
        byte[] k = new byte[len];
        for (int i = 0; i < len; i++) {
            k[i] = (byte) ('a' + rnd.nextInt(6));
        }
        return k;
    }

    private byte[] value() {
        byte[] v = new byte[rnd.nextInt(5)];
        rnd.nextBytes(v);
        return v;
    }

    private KeySelector selector() {
        return new KeySelector(rnd.nextInt(10) == 0 ? new byte[0] : key(), rnd.nextBoolean(), rnd.nextInt(7) - 3);
    }

    private static void putOrRemove(NavigableMap<byte[], byte[]> m, byte[] k, byte[] v) {
        if (v == null) {
            m.remove(k);
        } else {
            m.put(k, v);
        }
    }

    // ---------------------------------------------------------------- the serial reference

    private static byte[] resolve(TreeMap<byte[], byte[]> m, KeySelector s) {
        byte[] ref = s.orEqual() ? Arrays.copyOf(s.getKey(), s.getKey().length + 1) : s.getKey();
        int offset = s.getOffset();
        if (offset >= 1) {
            int i = 1;
            for (byte[] k : m.tailMap(ref, true).keySet()) {
                if (i++ == offset) {
                    return k;
                }
            }
            return END;
        }
        int i = 0;
        for (byte[] k : m.headMap(ref, false).descendingKeySet()) {
            if (i++ == -offset) {
                return k;
            }
        }
        return new byte[0];
    }

    private static List<KeyValue> range(TreeMap<byte[], byte[]> m, KeySelector bs, KeySelector es, int limit,
                                        boolean reverse) {
        byte[] b = resolve(m, bs);
        byte[] e = resolve(m, es);
        List<KeyValue> out = new ArrayList<>();
        if (Arrays.compareUnsigned(b, e) >= 0) {
            return out;
        }
        NavigableMap<byte[], byte[]> sub = m.subMap(b, true, e, false);
        for (Map.Entry<byte[], byte[]> en : (reverse ? sub.descendingMap() : sub).entrySet()) {
            if (limit > 0 && out.size() == limit) {
                break;
            }
            out.add(new KeyValue(en.getKey(), en.getValue()));
        }
        return out;
    }

    private static BigInteger unsignedLe(byte[] v, int n) {
        byte[] be = new byte[n + 1];
        for (int i = 0; i < n; i++) {
            be[n - i] = i < v.length ? v[i] : 0;
        }
        return new BigInteger(be);
    }

    private static byte[] toLe(BigInteger x, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = x.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static byte[] bytewise(byte[] e, byte[] p, int op) {
        byte[] out = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            int x = i < e.length ? e[i] : 0;
            out[i] = (byte) (op == 0 ? x & p[i] : op == 1 ? x | p[i] : x ^ p[i]);
        }
        return out;
    }

    static byte[] atomic(MutationType t, byte[] e, byte[] p) {
        int n = p.length;
        return switch (t) {
            case ADD -> e == null || e.length == 0 || n == 0 ? p
                    : toLe(unsignedLe(e, n).add(unsignedLe(p, n)), n);
            case BIT_AND -> e == null ? p : bytewise(e, p, 0);
            case BIT_OR -> e == null || e.length == 0 ? p : bytewise(e, p, 1);
            case BIT_XOR -> e == null || e.length == 0 ? p : bytewise(e, p, 2);
            case APPEND_IF_FITS -> {
                if (e == null || e.length == 0) {
                    yield p;
                }
                if (n == 0 || e.length + n > 100_000) {
                    yield e;
                }
                byte[] out = Arrays.copyOf(e, e.length + n);
                System.arraycopy(p, 0, out, e.length, n);
                yield out;
            }
            case MAX -> e == null || e.length == 0 || n == 0 ? p
                    : toLe(unsignedLe(e, n).max(unsignedLe(p, n)), n);
            case MIN -> e == null || n == 0 ? p : toLe(unsignedLe(e, n).min(unsignedLe(p, n)), n);
            case BYTE_MIN -> e == null ? p : Arrays.compareUnsigned(e, p) <= 0 ? e : p;
            case BYTE_MAX -> e == null ? p : Arrays.compareUnsigned(e, p) >= 0 ? e : p;
            case COMPARE_AND_CLEAR -> e == null || Arrays.equals(e, p) ? null : e;
            default -> throw new IllegalArgumentException(t.name());
        };
    }
}
