package io.kronotop.perf.load;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class KeyGeneratorTest {

    @Test
    void shouldDrawRandomKeysInsideTheKeySpace() {
        KeyGenerator keys = new KeyGenerator(KeyPattern.RANDOM, 100, 199, 7, 0, 1);
        boolean[] seen = new boolean[100];
        for (int i = 0; i < 20_000; i++) {
            long k = keys.next();
            assertThat(k).isBetween(100L, 199L);
            seen[(int) (k - 100)] = true;
        }
        for (boolean s : seen) {
            assertThat(s).isTrue();
        }
    }

    @Test
    void shouldWalkSequentiallyFromEachClientsOffsetAndWrap() {
        KeyGenerator first = new KeyGenerator(KeyPattern.SEQUENTIAL, 0, 9, 7, 0, 2);
        KeyGenerator second = new KeyGenerator(KeyPattern.SEQUENTIAL, 0, 9, 7, 1, 2);
        long[] a = new long[12];
        long[] b = new long[3];
        for (int i = 0; i < a.length; i++) {
            a[i] = first.next();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = second.next();
        }
        assertThat(a).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1);
        assertThat(b).containsExactly(5, 6, 7);
    }

    @Test
    void shouldConcentrateGaussianKeysAroundTheMiddle() {
        KeyGenerator keys = new KeyGenerator(KeyPattern.GAUSSIAN, 0, 999, 7, 0, 1);
        long[] draws = new long[20_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = keys.next();
            assertThat(draws[i]).isBetween(0L, 999L);
        }
        Arrays.sort(draws);
        long median = draws[draws.length / 2];
        long central = Arrays.stream(draws).filter(k -> k >= 333 && k <= 666).count();
        assertThat(median).isBetween(450L, 550L);
        assertThat(central).isGreaterThan(draws.length * 6 / 10); // about 68% within one stddev
    }

    @Test
    void shouldRepeatTheSameKeysForTheSameSeed() {
        KeyGenerator a = new KeyGenerator(KeyPattern.RANDOM, 0, 1_000_000, 99, 3, 4);
        KeyGenerator b = new KeyGenerator(KeyPattern.RANDOM, 0, 1_000_000, 99, 3, 4);
        for (int i = 0; i < 100; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }
}
