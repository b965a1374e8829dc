package io.kronotop.metastore;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionstampsTest {
    private static byte[] ff(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    @Test
    void shouldPackTheApi520LayoutByHand() {
        byte[] got = Versionstamps.packWithVersionstamp(Tuple.from("a", Versionstamp.incomplete(5)));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(new byte[]{0x02, 'a', 0x00, 0x33});
        want.writeBytes(ff(10));
        want.writeBytes(new byte[]{0x00, 0x05, 4, 0, 0, 0});
        assertThat(got).isEqualTo(want.toByteArray());
    }

    @Test
    void shouldHandlePrefixesNestedTuplesAndRawVersionstampBytes() {
        byte[] prefix = {0x33, 0x33, 0x01};
        Tuple t = Tuple.from(new byte[]{0x33, (byte) 0xFF}, Tuple.from(1L, List.of("x", Versionstamp.incomplete(9))));
        byte[] got = Versionstamps.packWithVersionstamp(new Subspace(prefix), t);
        int n = got.length;
        int pos = (got[n - 4] & 0xFF) | (got[n - 3] & 0xFF) << 8;
        assertThat(Arrays.copyOfRange(got, pos, pos + 10)).isEqualTo(ff(10));
        assertThat(got[pos - 1]).isEqualTo((byte) 0x33);
        byte[] completed = Mutations.fillStamp(got, new byte[]{0, 0, 0, 0, 0, 0, 0, 1, 0, 2});
        Tuple back = Tuple.fromBytes(completed, prefix.length, completed.length - prefix.length);
        Object inner = back.getNestedTuple(1).getNestedList(1).get(1);
        assertThat(inner).isEqualTo(Versionstamp.complete(new byte[]{0, 0, 0, 0, 0, 0, 0, 1, 0, 2}, 9));
    }

    @Test
    void shouldRequireExactlyOneIncompleteVersionstamp() {
        assertThatThrownBy(() -> Versionstamps.packWithVersionstamp(Tuple.from("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versionstamps.packWithVersionstamp(
                Tuple.from(Versionstamp.incomplete(1), Versionstamp.incomplete(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAppendAnIncompleteVersionstampToAPackedHeadExactlyAsTheGeneralPacking() {
        Subspace subspace = new Subspace(Tuple.from("volumes", "redis-shard-0", 1));
        for (int userVersion : new int[]{0, 1, 255, 256, 0xFFFF}) {
            for (Tuple head : List.of(Tuple.from(), Tuple.from(0x0102030405060708L),
                    Tuple.from(-5L, 1, 3, "x"), Tuple.from(new byte[]{0x33, (byte) 0xFF}))) {
                byte[] fast = Versionstamps.packWithIncompleteVersionstampLast(subspace.pack(head), userVersion);
                byte[] general = Versionstamps.packWithVersionstamp(subspace,
                        head.add(Versionstamp.incomplete(userVersion)));

                assertThat(fast).as("head %s, user version %d", head, userVersion).isEqualTo(general);
            }
        }
        assertThatThrownBy(() -> Versionstamps.packWithIncompleteVersionstampLast(new byte[0], 0x10000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
