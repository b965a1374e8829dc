package io.kronotop.perf.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandMixTest {

    @Test
    void shouldPickEachCommandExactlyItsWeightPerCycle() {
        CommandMix mix = new CommandMix(new int[] {1, 10, 3});
        for (int cycle = 0; cycle < 5; cycle++) {
            int[] counts = new int[3];
            for (int i = 0; i < mix.cycleLength(); i++) {
                counts[mix.next()]++;
            }
            assertThat(counts).containsExactly(1, 10, 3);
        }
    }

    @Test
    void shouldInterleaveEqualWeights() {
        CommandMix mix = new CommandMix(new int[] {1, 1});
        assertThat(new int[] {mix.next(), mix.next(), mix.next(), mix.next()}).containsExactly(0, 1, 0, 1);
    }

    @Test
    void shouldRejectAllZeroWeights() {
        assertThatThrownBy(() -> new CommandMix(new int[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
