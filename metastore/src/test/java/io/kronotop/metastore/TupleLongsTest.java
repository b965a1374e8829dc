package io.kronotop.metastore;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TupleLongsTest {
    private static final Subspace SUBSPACE = new Subspace(new byte[]{0x15, 0x07, 0x01});

    private static List<Long> values(Random rnd) {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 255L, -255L, 256L, -256L, 65535L, -65536L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, (long) Integer.MAX_VALUE,
            (long) Integer.MIN_VALUE));
        for (int shift = 0; shift < 64; shift++) {
            values.add(1L << shift);
            values.add(-(1L << shift));
            values.add((1L << shift) - 1);
        }
        for (int i = 0; i < 2_000; i++) {
            values.add(rnd.nextLong() >> rnd.nextInt(64));
        }
        return values;
    }

    @Test
    void shouldPackLikeTheTupleLayer() {
        Random rnd = new Random(7);
        List<Long> values = values(rnd);
        byte[] prefix = SUBSPACE.getKey();
        for (int i = 0; i < values.size(); i++) {
            long a = values.get(i);
            long b = values.get(rnd.nextInt(values.size()));
            long c = values.get(rnd.nextInt(values.size()));
            assertThat(TupleLongs.pack(prefix, a)).as("(%d)", a).isEqualTo(SUBSPACE.pack(Tuple.from(a)));
            assertThat(TupleLongs.pack(prefix, a, b)).as("(%d, %d)", a, b)
                .isEqualTo(SUBSPACE.pack(Tuple.from(a, b)));
            assertThat(TupleLongs.pack(prefix, a, b, c)).as("(%d, %d, %d)", a, b, c)
                .isEqualTo(SUBSPACE.pack(Tuple.from(a, b, c)));
            assertThat(TupleLongs.pack(prefix, a, b, c, b)).as("(%d, %d, %d, %d)", a, b, c, b)
                .isEqualTo(SUBSPACE.pack(Tuple.from(a, b, c, b)));
            assertThat(TupleLongs.packAll(prefix, a, b, c, a, b, c, a)).as("(%d, %d, %d, ...)", a, b, c)
                .isEqualTo(SUBSPACE.pack(Tuple.from(a, b, c, a, b, c, a)));
            assertThat(TupleLongs.packAll(prefix)).isEqualTo(SUBSPACE.pack(Tuple.from()));
            assertThat(TupleLongs.size(a)).isEqualTo(Tuple.from(a).pack().length);
        }
    }

    @Test
    void shouldPackACompleteVersionstampLast() {
        Random rnd = new Random(11);
        byte[] prefix = SUBSPACE.getKey();
        for (int i = 0; i < 200; i++) {
            byte[] trVersion = new byte[10];
            rnd.nextBytes(trVersion);
            Versionstamp stamp = Versionstamp.complete(trVersion, rnd.nextInt(65536));
            long a = rnd.nextLong();
            long b = rnd.nextLong() >> rnd.nextInt(64);
            assertThat(TupleLongs.packWithStamp(prefix, stamp, a)).isEqualTo(SUBSPACE.pack(Tuple.from(a, stamp)));
            assertThat(TupleLongs.packWithStamp(prefix, stamp, a, b, 3))
                .isEqualTo(SUBSPACE.pack(Tuple.from(a, b, 3, stamp)));
            assertThat(TupleLongs.packWithStamp(new byte[0], stamp)).isEqualTo(Tuple.from(stamp).pack());
        }
        assertThatThrownBy(() -> TupleLongs.packWithStamp(prefix, Versionstamp.incomplete(1), 5))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
