package io.kronotop.perf.volume;

import io.kronotop.volume.VolumeConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VolumeReportTest {

    /** A run whose every latency is {@code latencyMs}, with {@code ops} appends in 2 s. */
    private static RunResult run(String system, int payload, int threads, int round, long ops, double latencyMs) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount((long) (latencyMs * 1e6), ops);
        return new RunResult(system, payload, threads, round, ops, 2.0, payload + 32, h, 10, 1.0, 2.0);
    }

    @Test
    void shouldTakeMediansOverRoundsAndDivideVolumeByRaw() {
        List<RunResult> results = List.of(
            run("volume", 4096, 64, 1, 1000, 3), run("raw", 4096, 64, 1, 2000, 2),
            run("raw", 4096, 64, 2, 3000, 1), run("volume", 4096, 64, 2, 4000, 6),
            run("volume", 4096, 64, 3, 2000, 8), run("raw", 4096, 64, 3, 2400, 3));

        List<VolumeReport.Case> cases = VolumeReport.cases(results);

        assertThat(cases).hasSize(1);
        VolumeReport.Case c = cases.getFirst();
        assertThat(c.medianOps(c.volume())).isEqualTo(1000.0); // 500, 2000, 1000 ops/s
        assertThat(c.medianOps(c.raw())).isEqualTo(1200.0); // 1000, 1500, 1200
        assertThat(c.throughputRatio()).isCloseTo(1000.0 / 1200.0, within(1e-9));
        assertThat(c.p99Ratio()).isCloseTo(6.0 / 2.0, within(0.01));
        assertThat(c.roundRatios(RunResult::opsPerSec)).containsExactly(0.5, 2000.0 / 2400.0, 4000.0 / 3000.0);
        String md = VolumeReport.markdown(results, new VolumeSuite.Config(Path.of("/tmp"), List.of(4096),
            List.of(64), 3, 1, 2, VolumeConfig.defaults(), List.of("volume", "raw"), 0), "bin/perf volume", "now");
        assertThat(md).contains("- 4096 B x64: bandwidth 0.83x raw (1 of 3 rounds below 0.8x): **met**; "
            + "ack p99 3.00x raw (2 of 3 rounds above 2.0x): **not met**");
    }

    @Test
    void shouldAverageTheMiddleTwoForAnEvenCount() {
        List<RunResult> runs = List.of(run("raw", 100, 1, 1, 10, 1), run("raw", 100, 1, 2, 30, 1),
            run("raw", 100, 1, 3, 20, 1), run("raw", 100, 1, 4, 100, 1));

        assertThat(VolumeReport.median(runs, RunResult::opsPerSec)).isEqualTo(12.5);
        assertThat(VolumeReport.median(List.of(), RunResult::opsPerSec)).isNaN();
    }

    @Test
    void shouldCountRecordBytesInMibPerSecond() {
        RunResult r = run("raw", 65536, 64, 1, 32, 1);

        assertThat(r.mibPerSec()).isCloseTo(16 * 65568.0 / (1 << 20), within(1e-9));
    }

    @Test
    void shouldJudgeOnlyTheGoalCasesAgainstBothGoals() {
        List<RunResult> results = List.of(
            run("volume", 100, 64, 1, 100, 10), run("raw", 100, 64, 1, 1000, 1),
            run("volume", 4096, 64, 1, 900, 3), run("raw", 4096, 64, 1, 1000, 2),
            run("volume", 65536, 64, 1, 700, 2), run("raw", 65536, 64, 1, 1000, 2),
            run("volume", 65536, 1, 1, 10, 2), run("raw", 65536, 1, 1, 1000, 2));

        String md = VolumeReport.markdown(results, new VolumeSuite.Config(Path.of("/tmp"), List.of(100, 4096, 65536),
            List.of(1, 64), 1, 1, 2, VolumeConfig.defaults(), List.of("volume", "raw"), 0), "bin/perf volume", "now");

        assertThat(md).contains("- 4096 B x64: bandwidth 0.90x raw (0 of 1 rounds below 0.8x): **met**; "
            + "ack p99 1.50x raw (0 of 1 rounds above 2.0x): **met**");
        assertThat(md).contains("- 65536 B x64: bandwidth 0.70x raw (1 of 1 rounds below 0.8x): **not met**; "
            + "ack p99 1.00x raw (0 of 1 rounds above 2.0x): **met**");
        assertThat(md).doesNotContain("- 100 B x64").doesNotContain("- 65536 B x1:");
    }

    @Test
    void shouldWriteOneMergedHistogramPerCaseAndSystem(@org.junit.jupiter.api.io.TempDir Path dir)
        throws Exception {
        List<RunResult> results = List.of(run("volume", 100, 1, 1, 5, 1), run("raw", 100, 1, 1, 7, 1),
            run("volume", 100, 1, 2, 6, 1), run("raw", 100, 1, 2, 8, 1));

        Path report = VolumeReport.write(results, new VolumeSuite.Config(dir, List.of(100), List.of(1), 2, 1, 2,
            VolumeConfig.defaults(), List.of("volume", "raw"), 0), "bin/perf volume", "now", dir);

        assertThat(report).exists();
        assertThat(VolumeReport.merged(results.subList(0, 1)).getTotalCount()).isEqualTo(5);
        assertThat(Files.readString(dir.resolve("100B-t1-volume.hgrm"))).contains("Total count    =           11]");
        assertThat(Files.readString(dir.resolve("100B-t1-raw.hgrm"))).contains("Total count    =           15]");
    }
}
