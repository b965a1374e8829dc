package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * LATENCY HISTOGRAM [command ...]: for each command (all that ran, or those named; unknown names are skipped), its
 * number of calls and the cumulative distribution of their latency over power-of-two microsecond buckets, as Redis
 * 7 answers it (a map in RESP3, flat arrays in RESP2).
 */
final class LatencyHistogramHandler implements CommandHandler {
    /** Redis's first bucket: 1024 ns, reported as 1 us. */
    private static final long FIRST_BUCKET_NANOS = 1024;

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Map<String, Histogram> all = LatencyDistributions.byName(ctx.server());
        Map<String, Histogram> chosen;
        if (args.count() == 2) {
            chosen = all;
        } else {
            chosen = new LinkedHashMap<>();
            for (int i = 2; i < args.count(); i++) {
                String name = args.string(i).toLowerCase(Locale.ROOT);
                Histogram h = all.get(name);
                if (h != null) {
                    chosen.put(name, h);
                }
            }
        }
        reply.mapHeader(chosen.size());
        chosen.forEach((name, histogram) -> {
            reply.bulk(name);
            reply.mapHeader(2);
            reply.bulk("calls");
            reply.integer(histogram.getTotalCount());
            reply.bulk("histogram_usec");
            Map<Long, Long> buckets = new LinkedHashMap<>();
            long previous = 0;
            for (HistogramIterationValue v : histogram.logarithmicBucketValues(FIRST_BUCKET_NANOS, 2.0)) {
                long cumulative = v.getTotalCountToThisValue();
                if (cumulative != previous) {
                    // the bucket's bound, a power of two of microseconds (Redis's read about 3% higher)
                    buckets.put((v.getValueIteratedTo() + 1) / FIRST_BUCKET_NANOS, cumulative);
                }
                previous = cumulative;
            }
            reply.mapHeader(buckets.size());
            buckets.forEach((upTo, count) -> {
                reply.integer(upTo);
                reply.integer(count);
            });
        });
    }
}
