package io.kronotop.server.metrics;

import io.kronotop.server.reactor.ReactorThread;
import io.kronotop.server.reactor.ThreadFactories;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

class StripedCounterTest {
    private static final int ADDS = 200_000;

    @Test
    void shouldCountEveryAddFromReactorsAndOtherThreads() throws Exception {
        // Three reactor threads for a counter striped for two: the third shares the atomic cell with the others.
        StripedCounter counter = new StripedCounter(2);
        ThreadFactory reactors = ThreadFactories.reactors();
        AtomicIntegerArray numbers = new AtomicIntegerArray(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int slot = t;
            threads.add(reactors.newThread(() -> {
                numbers.set(slot, ReactorThread.currentNumber());
                for (int i = 0; i < ADDS; i++) {
                    counter.increment();
                }
            }));
        }
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < ADDS; i++) {
                    counter.add(2);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(numbers.get(0) + numbers.get(1) + numbers.get(2)).isEqualTo(0 + 1 + 2);
        assertThat(ReactorThread.currentNumber()).isEqualTo(-1);
        assertThat(counter.sum()).isEqualTo(3L * ADDS + 2L * 2 * ADDS);

        counter.reset();
        assertThat(counter.sum()).isZero();
        counter.add(5);
        assertThat(counter.sum()).isEqualTo(5);
    }
}
