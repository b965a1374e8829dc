package io.kronotop.metastore;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The generational resolver against a plain list of every write it was given. */
class ConflictResolverTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConflictResolverTest.class);

    private record Write(byte[] begin, byte[] end, long version) {
    }

    /** The reference: a read range conflicts when a kept write overlapping it is newer than the read version. */
    private static boolean expected(List<Write> writes, byte[] begin, byte[] end, long readVersion, long horizon) {
        if (Keys.compare(begin, end) >= 0) {
            return false;
        }
        for (Write w : writes) {
            if (w.version > horizon && w.version > readVersion
                    && Keys.compare(w.begin, end) < 0 && Keys.compare(begin, w.end) < 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(Random rnd) {
        byte[] k = new byte[1 + rnd.nextInt(2)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) rnd.nextInt(6);
        }
        return k;
    }

    @Test
    void shouldAgreeWithEveryWriteKeptWhileGenerationsRollAndPrune() {
        long seed = Long.getLong("metastore.resolver.seed", System.nanoTime());
        LOG.info("ConflictResolverTest seed {} (replay with -Dmetastore.resolver.seed={})", seed, seed);
        Random rnd = new Random(seed);
        ConflictResolver resolver = new ConflictResolver(8);
        List<Write> writes = new ArrayList<>();
        long version = 0;
        long horizon = 0;
        int checked = 0;
        int conflicts = 0;
        int mostGenerations = 0;
        for (int step = 0; step < 20_000; step++) {
            int what = rnd.nextInt(100);
            if (what < 45) {
                version += 1 + rnd.nextInt(3);
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    byte[] b = key(rnd);
                    byte[] e = rnd.nextBoolean() ? Keys.keyAfter(b) : key(rnd);
                    resolver.addWrite(b, e, version);
                    if (Keys.compare(b, e) < 0) {
                        writes.add(new Write(b, e, version));
                    }
                }
                mostGenerations = Math.max(mostGenerations, resolver.generationCount());
            } else if (what < 97) {
                byte[] b = key(rnd);
                byte[] e = rnd.nextBoolean() ? Keys.keyAfter(b) : key(rnd);
                long rv = horizon + (long) (rnd.nextDouble() * (version - horizon + 1));
                boolean want = expected(writes, b, e, rv, horizon);
                assertThat(resolver.conflicts(b, e, rv))
                        .as("seed %d step %d [%s, %s) at %d", seed, step, Keys.printable(b), Keys.printable(e), rv)
                        .isEqualTo(want);
                checked++;
                conflicts += want ? 1 : 0;
            } else {
                horizon = Math.max(horizon, version - rnd.nextInt(20));
                resolver.prune(horizon);
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        assertThat(conflicts).isBetween(checked / 20, checked - checked / 20);
        // generations rolled (a prune near the end may leave only the newest one)
        assertThat(mostGenerations).isGreaterThan(1);
    }

    @Test
    void shouldDropGenerationsOnlyOnceTheirNewestVersionIsPruned() {
        ConflictResolver resolver = new ConflictResolver(4);
        for (int v = 1; v <= 40; v++) {
            byte[] k = {(byte) v};
            resolver.addWrite(k, Keys.keyAfter(k), v);
        }
        int before = resolver.generationCount();
        assertThat(before).isGreaterThan(5);
        resolver.prune(20);
        assertThat(resolver.generationCount()).isLessThan(before);
        byte[] k40 = {(byte) 40};
        byte[] k21 = {(byte) 21};
        assertThat(resolver.conflicts(k40, Keys.keyAfter(k40), 39)).isTrue();
        assertThat(resolver.conflicts(k21, Keys.keyAfter(k21), 20)).isTrue();
        assertThat(resolver.conflicts(k21, Keys.keyAfter(k21), 21)).isFalse();
        assertThat(resolver.conflicts(Keys.EMPTY, new byte[]{(byte) 0xFF}, 39)).isTrue();
        resolver.prune(40);
        assertThat(resolver.generationCount()).isEqualTo(1);
        assertThat(resolver.size()).isEqualTo(1);
        assertThat(resolver.conflicts(Keys.EMPTY, new byte[]{(byte) 0xFF}, 40)).isFalse();
    }
}
