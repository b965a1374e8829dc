package io.kronotop.metastore;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code packWithVersionstamp} for API version 520 and later, without touching fdb-java's {@code FDB} class
 * (whose {@code Tuple.packWithVersionstamp} initialises the native library). The output is byte-identical to
 * fdb-java's: the packed tuple with {@code 0xFF} placeholder bytes, followed by the 4-byte little-endian offset of
 * the 10-byte transaction version. Works in embedded and real-cluster mode alike.
 */
public final class Versionstamps {
    /** Type code of a versionstamp in a packed tuple. */
    static final byte VERSIONSTAMP_CODE = 0x33;

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
            // The marker only has to be absent from the rest of the packed bytes (checked below, retried if not):
            // no need for a cryptographic generator, whose shared lock and system calls cost more than the packing.
            byte[] marker = new byte[Versionstamp.LENGTH - 2];
            ThreadLocalRandom.current().nextBytes(marker);
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

    /**
     * The bytes {@link #packWithVersionstamp(Tuple, byte[])} returns for a tuple whose last element is an incomplete
     * {@link Versionstamp} with {@code userVersion}, given {@code packedHead}: the packing (subspace prefix included)
     * of the elements before it. Tuple encoding is the concatenation of its elements' encodings, so this only appends
     * the versionstamp's code, ten {@code 0xFF} placeholder bytes, the user version (big-endian) and the 4-byte
     * little-endian offset of the placeholder; no random marker, no search.
     *
     * @param packedHead  e.g. {@code subspace.pack(Tuple.from(a, b))} for the tuple {@code (a, b, versionstamp)}
     * @param userVersion 0 to 65535
     * @return packed bytes with the trailing offset
     */
    public static byte[] packWithIncompleteVersionstampLast(byte[] packedHead, int userVersion) {
        if (userVersion < 0 || userVersion > 0xFFFF) {
            throw new IllegalArgumentException("user version " + userVersion + " outside [0, 65535]");
        }
        int pos = packedHead.length + 1;
        byte[] out = Arrays.copyOf(packedHead, pos + Versionstamp.LENGTH + 4);
        out[packedHead.length] = VERSIONSTAMP_CODE;
        Arrays.fill(out, pos, pos + Versionstamp.LENGTH - 2, (byte) 0xFF);
        out[pos + Versionstamp.LENGTH - 2] = (byte) (userVersion >>> 8);
        out[pos + Versionstamp.LENGTH - 1] = (byte) userVersion;
        int end = pos + Versionstamp.LENGTH;
        out[end] = (byte) pos;
        out[end + 1] = (byte) (pos >>> 8);
        out[end + 2] = (byte) (pos >>> 16);
        out[end + 3] = (byte) (pos >>> 24);
        return out;
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
