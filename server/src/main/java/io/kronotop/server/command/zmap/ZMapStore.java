package io.kronotop.server.command.zmap;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import io.kronotop.server.command.namespace.Namespaces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ZMap operations on one transaction, scoped to a namespace: each user key is stored at the namespace's ZMap
 * prefix followed by the key's bytes, so ZMap order is byte order. Knows nothing of RESP. Thread-safe
 * (stateless); the futures may complete on metastore threads.
 */
final class ZMapStore {
    /** A bound of a range: null means the start or the end of the namespace's ZMap ({@code *}). */
    record Range(byte[] begin, Selector beginSelector, byte[] end, Selector endSelector) {
    }

    private final Namespaces namespaces;

    ZMapStore(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    CompletableFuture<byte[]> prefix(ReadTransaction tr, String namespace) {
        return namespaces.zmapPrefix(tr, namespace);
    }

    static ReadTransaction reader(Transaction tr, boolean snapshot) {
        return snapshot ? tr.snapshot() : tr;
    }

    static byte[] key(byte[] prefix, byte[] userKey) {
        return ByteArrayUtil.join(prefix, userKey);
    }

    CompletableFuture<Void> set(Transaction tr, String ns, byte[] key, byte[] value) {
        return prefix(tr, ns).thenAccept(p -> tr.set(key(p, key), value));
    }

    CompletableFuture<byte[]> get(Transaction tr, String ns, boolean snapshot, byte[] key) {
        return prefix(tr, ns).thenCompose(p -> reader(tr, snapshot).get(key(p, key)));
    }

    CompletableFuture<Void> clear(Transaction tr, String ns, byte[] key) {
        return prefix(tr, ns).thenAccept(p -> tr.clear(key(p, key)));
    }

    CompletableFuture<Void> clearRange(Transaction tr, String ns, byte[] begin, byte[] end) {
        return prefix(tr, ns).thenAccept(p -> tr.clear(begin == null ? p : key(p, begin),
            end == null ? ByteArrayUtil.strinc(p) : key(p, end)));
    }

    CompletableFuture<Void> mutate(Transaction tr, String ns, MutationType type, byte[] key, byte[] param) {
        return prefix(tr, ns).thenAccept(p -> {
            byte[] full = key(p, key);
            if (type == MutationType.SET_VERSIONSTAMPED_KEY) {
                full = shiftVersionstampOffset(full, p.length);
            }
            tr.mutate(type, full, param);
        });
    }

    /** The key a selector picks, without the prefix; null when it falls outside the namespace's ZMap. */
    CompletableFuture<byte[]> getKey(Transaction tr, String ns, boolean snapshot, byte[] key, Selector selector) {
        return prefix(tr, ns).thenCompose(p -> reader(tr, snapshot).getKey(selector.of(key(p, key)))
            .thenApply(found -> strip(p, found)));
    }

    /** The pairs of a range (keys without the prefix), at most {@code limit}, reversed when asked. */
    CompletableFuture<List<KeyValue>> getRange(Transaction tr, String ns, boolean snapshot, Range range, int limit,
                                               boolean reverse) {
        return prefix(tr, ns).thenCompose(p -> {
            ReadTransaction r = reader(tr, snapshot);
            return bounds(r, p, range).thenCompose(b -> {
                if (b == null) {
                    return CompletableFuture.completedFuture(List.<KeyValue>of());
                }
                return r.getRange(b[0], b[1], limit, reverse).asList().thenApply(list -> strip(p, list));
            });
        });
    }

    CompletableFuture<Long> rangeSize(Transaction tr, String ns, boolean snapshot, Range range) {
        return prefix(tr, ns).thenCompose(p -> {
            ReadTransaction r = reader(tr, snapshot);
            return bounds(r, p, range).thenCompose(b -> b == null ? CompletableFuture.completedFuture(0L)
                : r.getEstimatedRangeSizeBytes(b[0], b[1]));
        });
    }

    /** Resolves both selectors and clamps them to the namespace's ZMap; null when the range is empty. */
    private static CompletableFuture<byte[][]> bounds(ReadTransaction r, byte[] p, Range range) {
        byte[] lo = p;
        byte[] hi = ByteArrayUtil.strinc(p);
        CompletableFuture<byte[]> begin = range.begin() == null ? CompletableFuture.completedFuture(lo)
            : r.getKey(range.beginSelector().of(key(p, range.begin())));
        CompletableFuture<byte[]> end = range.end() == null ? CompletableFuture.completedFuture(hi)
            : r.getKey(range.endSelector().of(key(p, range.end())));
        return begin.thenCombine(end, (b, e) -> {
            byte[] from = clamp(b, lo, hi);
            byte[] to = clamp(e, lo, hi);
            return ByteArrayUtil.compareUnsigned(from, to) >= 0 ? null : new byte[][] {from, to};
        });
    }

    private static byte[] clamp(byte[] key, byte[] lo, byte[] hi) {
        if (ByteArrayUtil.compareUnsigned(key, lo) < 0) {
            return lo;
        }
        return ByteArrayUtil.compareUnsigned(key, hi) > 0 ? hi : key;
    }

    private static byte[] strip(byte[] prefix, byte[] key) {
        if (key == null || key.length < prefix.length || !ByteArrayUtil.startsWith(key, prefix)) {
            return null;
        }
        return Arrays.copyOfRange(key, prefix.length, key.length);
    }

    private static List<KeyValue> strip(byte[] prefix, List<KeyValue> list) {
        List<KeyValue> out = new ArrayList<>(list.size());
        for (KeyValue kv : list) {
            out.add(new KeyValue(Arrays.copyOfRange(kv.getKey(), prefix.length, kv.getKey().length), kv.getValue()));
        }
        return out;
    }

    /** A versionstamped key ends with a 4-byte little-endian offset into the user key: move it past the prefix. */
    private static byte[] shiftVersionstampOffset(byte[] full, int prefixLength) {
        if (full.length - prefixLength < 4) {
            return full;
        }
        int at = full.length - 4;
        int offset = (full[at] & 0xFF) | (full[at + 1] & 0xFF) << 8 | (full[at + 2] & 0xFF) << 16
            | (full[at + 3] & 0xFF) << 24;
        offset += prefixLength;
        full[at] = (byte) offset;
        full[at + 1] = (byte) (offset >>> 8);
        full[at + 2] = (byte) (offset >>> 16);
        full[at + 3] = (byte) (offset >>> 24);
        return full;
    }
}
