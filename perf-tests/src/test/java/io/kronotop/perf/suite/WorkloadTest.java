package io.kronotop.perf.suite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {

    @Test
    void shouldParseAWorkloadFromTheCommandLine() {
        Workload w = Workload.parse("zset;pipeline=8;writes;keys=1000;size=10;"
                + "cmd=1:ZADD __key__ 1 __data__;cmd=3:ZSCORE __key__ __data__;cmd=2:inline:PING");

        assertThat(w.name()).isEqualTo("zset");
        assertThat(w.pipeline()).isEqualTo(8);
        assertThat(w.writes()).isTrue();
        assertThat(w.keySpace()).isEqualTo(1000);
        assertThat(w.valueSize()).isEqualTo(10);
        assertThat(w.keyPrefix()).isEqualTo("zset:");
        assertThat(w.connections()).isEqualTo(50);
        assertThat(w.weights()).containsExactly(1, 3, 2);
        assertThat(w.commands()).extracting(c -> c.name()).containsExactly("ZADD", "ZSCORE", "PING_INLINE");
    }

    @Test
    void shouldRejectWorkloadsWithoutCommandsOrWithUnknownFields() {
        assertThatThrownBy(() -> Workload.parse("x;pipeline=2")).hasMessageContaining("cmd=");
        assertThatThrownBy(() -> Workload.parse("x;cmd=1:PING;colour=red")).hasMessageContaining("colour");
        assertThatThrownBy(() -> Workload.parse("pipeline=2;cmd=1:PING")).hasMessageContaining("name");
    }

    @Test
    void shouldParseAnOpenLoopRate() {
        assertThat(Workload.parse("r;rate=2000;cmd=1:GET __key__").rate()).isEqualTo(2000);
        assertThat(Workload.parse("r;cmd=1:GET __key__").rate()).isZero();
        assertThat(Workload.parse("r;rate=2000;cmd=1:GET __key__").describe()).contains("open loop at 2000 ops/s");
    }

    @Test
    void shouldLabelSystemsWithTheirOwnCommandsWhenTheyDiffer() {
        Workload zset = Workload.defaults().stream().filter(w -> w.name().equals("zset-zget-p1")).findFirst()
                .orElseThrow();
        Workload setGet = Workload.defaults().stream().filter(w -> w.name().equals("set-get-p1")).findFirst()
                .orElseThrow();

        assertThat(zset.label("redis")).isEqualTo("redis (SET/GET)");
        assertThat(zset.label("redis-aof-always")).isEqualTo("redis-aof-always (SET/GET)");
        assertThat(zset.label("kronotop")).isEqualTo("kronotop (ZSET/ZGET)");
        assertThat(setGet.label("redis")).isEqualTo("redis");
    }

    @Test
    void shouldRunTheDefaultOpenLoopWorkloadAtItsRate() {
        assertThat(Workload.defaults()).filteredOn(w -> w.rate() > 0).extracting(Workload::name)
                .containsExactly("zset-zget-rate");
    }
}
