package io.kronotop.server.command.server;

import io.kronotop.server.command.ServerContext;
import io.kronotop.server.metrics.LatencyHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/** Each command's latency distribution, added up over the two ports' specs of a command, by name. */
final class LatencyDistributions {
    private LatencyDistributions() {
    }

    /** The commands that recorded any latency since the start or CONFIG RESETSTAT, by full name. */
    static Map<String, Histogram> byName(ServerContext server) {
        Map<String, long[]> counts = new TreeMap<>();
        server.allCommandStats().forEach((spec, stats) -> {
            if (stats.latency.isEmpty()) {
                return;
            }
            long[] mine = stats.latency.counts();
            long[] sum = counts.putIfAbsent(spec.name(), mine);
            if (sum != null) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += mine[i];
                }
            }
        });
        Map<String, Histogram> histograms = new TreeMap<>();
        counts.forEach((name, buckets) -> histograms.put(name, LatencyHistogram.toHdr(buckets)));
        return histograms;
    }
}
