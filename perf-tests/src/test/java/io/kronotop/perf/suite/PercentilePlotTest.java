package io.kronotop.perf.suite;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilePlotTest {

    @Test
    void shouldColourALabelledLineAsItsSystem() {
        assertThat(PercentilePlot.systemOf("redis (SET/GET)")).isEqualTo("redis");
        assertThat(PercentilePlot.systemOf("kronotop (ZSET/ZGET)")).isEqualTo("kronotop");
        assertThat(PercentilePlot.systemOf("redis-aof-always")).isEqualTo("redis-aof-always");
    }

    @Test
    void shouldPlotEveryPercentileUpToTheAxisEnd(@TempDir Path dir) throws Exception {
        Histogram h = new Histogram(60_000_000_000L, 3);
        for (long v = 1; v <= 10_000; v++) {
            h.recordValue(v * 1_000);
        }
        Map<String, Histogram> lines = new LinkedHashMap<>();
        lines.put("redis (SET/GET)", h);
        lines.put("kronotop (ZSET/ZGET)", h);

        List<double[]> points = PercentilePlot.points(h);
        PercentilePlot.write(List.of(new PercentilePlot.Panel("p", lines)), 2, dir.resolve("p.png"));

        assertThat(points.getFirst()[0]).isZero();
        assertThat(points.getLast()[0]).isEqualTo(5.0);
        assertThat(points.getLast()[1]).isCloseTo(10.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(Files.readAllBytes(dir.resolve("p.png"))).startsWith(0x89, 'P', 'N', 'G');
    }
}
