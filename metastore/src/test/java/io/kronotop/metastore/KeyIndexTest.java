package io.kronotop.metastore;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KeyIndexTest {

    /** Keys with a long shared prefix, like a subspace's, differing in their last bytes. */
    private static byte[] key(int n) {
        byte[] k = new byte[24];
        k[0] = 0x15;
        k[1] = 0x02;
        ByteBuffer.wrap(k, 20, 4).putInt(n);
        return k;
    }

    @Test
    void shouldAgreeWithAHashMapUnderRandomAddsAndRemoves() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            KeyIndex index = new KeyIndex();
            Map<ByteBuffer, MvccStore.Versions> model = new HashMap<>();
            int universe = 20_000;
            for (int step = 0; step < 200_000; step++) {
                byte[] k = key(random.nextInt(universe));
                ByteBuffer mk = ByteBuffer.wrap(k);
                if (random.nextInt(3) == 0) {
                    index.remove(k);
                    model.remove(mk);
                } else if (!model.containsKey(mk)) {
                    MvccStore.Versions v = new MvccStore.Versions();
                    index.add(k.clone(), v);
                    model.put(mk, v);
                }
                byte[] probe = key(random.nextInt(universe));
                assertThat(index.get(probe)).isSameAs(model.get(ByteBuffer.wrap(probe)));
            }
            assertThat(index.size()).isEqualTo(model.size());
            for (int n = 0; n < universe; n++) {
                assertThat(index.get(key(n))).as("seed %d key %d", seed, n)
                    .isSameAs(model.get(ByteBuffer.wrap(key(n))));
            }
        }
    }

    @Test
    void shouldKeepEveryKeyAcrossGrowthAndFindNoneAfterRemovingAll() {
        KeyIndex index = new KeyIndex();
        MvccStore.Versions[] values = new MvccStore.Versions[100_000];
        for (int n = 0; n < values.length; n++) {
            values[n] = new MvccStore.Versions();
            index.add(key(n), values[n]);
        }
        for (int n = 0; n < values.length; n++) {
            assertThat(index.get(key(n))).isSameAs(values[n]);
        }
        assertThat(index.get(key(values.length))).isNull();
        for (int n = 0; n < values.length; n += 2) {
            index.remove(key(n));
        }
        for (int n = 0; n < values.length; n++) {
            assertThat(index.get(key(n))).isSameAs(n % 2 == 0 ? null : values[n]);
        }
        for (int n = 1; n < values.length; n += 2) {
            index.remove(key(n));
        }
        assertThat(index.size()).isZero();
        for (int n = 0; n < values.length; n++) {
            assertThat(index.get(key(n))).isNull();
        }
    }

    @Test
    void shouldIgnoreTheRemovalOfAKeyItDoesNotHold() {
        KeyIndex index = new KeyIndex();
        MvccStore.Versions v = new MvccStore.Versions();
        index.add(key(1), v);
        index.remove(key(2));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(key(1))).isSameAs(v);
    }
}
