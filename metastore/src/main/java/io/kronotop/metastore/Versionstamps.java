package io.kronotop.metastore;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code packWithVersionstamp} for API version 520 and later, without touching fdb-java's {@code FDB} class
 * (whose {@code Tuple.packWithVersionstamp} initialises the native library). The output is byte-identical to
 * fdb-java's: the packed tuple with {@code 0xFF} placeholder bytes, followed by the 4-byte little-endian offset of
 * the 10-byte transaction version. Works in embedded and real-cluster mode alike.
 */
public final class Versionstamps {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte VERSIONSTAMP_CODE = 0x33;

    private Versionstamps() {
    }

    /**
     * Packs {@code tuple}, which must hold exactly one incomplete {@link Versionstamp}, for
     * {@code SET_VERSIONSTAMPED_KEY} or {@code SET_VERSIONSTAMPED_VALUE}.
     *
     * @param tuple the tuple
     * @return packed bytes with the trailing offset
     * @throws IllegalArgumentException if the tuple holds no or several incomplete versionstamps
     */
    public static byte[] packWithVersionstamp(Tuple tuple) {
        return packWithVersionstamp(tuple, new byte[0]);
    }

    /**
     * Packs {@code tuple} under {@code subspace}, as {@code Subspace.packWithVersionstamp} does.
     *
     * @param subspace the subspace whose prefix comes first
     * @param tuple    the tuple
     * @return packed bytes with the trailing offset
     */
    public static byte[] packWithVersionstamp(Subspace subspace, Tuple tuple) {
        return packWithVersionstamp(tuple, subspace.getKey());
    }

    /**
     * Packs {@code tuple} after {@code prefix}.
     *
     * @param tuple  the tuple
     * @param prefix raw bytes written before the tuple
     * @return packed bytes with the trailing offset
     */
    public static byte[] packWithVersionstamp(Tuple tuple, byte[] prefix) {
        if (count(tuple.getItems()) != 1) {
            throw new IllegalArgumentException("tuple must contain exactly one incomplete versionstamp");
        }
        while (true) {
            byte[] marker = new byte[Versionstamp.LENGTH - 2];
            RANDOM.nextBytes(marker);
            byte[] packed = Tuple.fromList(replace(tuple.getItems(), marker)).pack(prefix);
            int pos = -1;
            int found = 0;
            for (int i = 0; i + 1 + marker.length <= packed.length; i++) {
                if (packed[i] == VERSIONSTAMP_CODE
                        && Arrays.equals(packed, i + 1, i + 1 + marker.length, marker, 0, marker.length)) {
                    pos = i + 1;
                    found++;
                }
            }
            if (found != 1) {
                continue;
            }
            byte[] out = Arrays.copyOf(packed, packed.length + 4);
            Arrays.fill(out, pos, pos + marker.length, (byte) 0xFF);
            out[packed.length] = (byte) pos;
            out[packed.length + 1] = (byte) (pos >>> 8);
            out[packed.length + 2] = (byte) (pos >>> 16);
            out[packed.length + 3] = (byte) (pos >>> 24);
            return out;
        }
    }

    private static int count(List<?> items) {
        int n = 0;
        for (Object o : items) {
            if (o instanceof Versionstamp v && !v.isComplete()) {
                n++;
            } else if (o instanceof Tuple t) {
                n += count(t.getItems());
            } else if (o instanceof List<?> l) {
                n += count(l);
            }
        }
        return n;
    }

    private static List<Object> replace(List<?> items, byte[] marker) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) {
            if (o instanceof Versionstamp v && !v.isComplete()) {
                out.add(Versionstamp.complete(marker, v.getUserVersion()));
            } else if (o instanceof Tuple t) {
                out.add(Tuple.fromList(replace(t.getItems(), marker)));
            } else if (o instanceof List<?> l) {
                out.add(replace(l, marker));
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
