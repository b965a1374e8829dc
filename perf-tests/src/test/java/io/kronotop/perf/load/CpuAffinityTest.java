package io.kronotop.perf.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CpuAffinityTest {

    @Test
    void shouldParseTasksetLists() {
        assertThat(CpuAffinity.parse("1")).containsExactly(1);
        assertThat(CpuAffinity.parse("0,2")).containsExactly(0, 2);
        assertThat(CpuAffinity.parse("0-3,7")).containsExactly(0, 1, 2, 3, 7);
        assertThatThrownBy(() -> CpuAffinity.parse("3-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRestrictOnlyTheCallingThreadToTheGivenCpu() throws Exception {
        assumeTrue(CpuAffinity.available(), "sched_setaffinity is Linux-only");
        String before = allowedCpus();
        String pinned = CompletableFuture.supplyAsync(() -> {
            assertThat(CpuAffinity.pinCurrentThread(List.of(0))).isTrue();
            return allowedCpus();
        }, r -> new Thread(r, "affinity-test").start()).get();

        assertThat(pinned).isEqualTo("0");
        assertThat(allowedCpus()).isEqualTo(before); // the test thread is untouched
    }

    private static String allowedCpus() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
