package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.redis.MemorySize;
import io.kronotop.server.redis.RedisShards;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * MEMORY STATS, MEMORY DOCTOR, MEMORY MALLOC-STATS and MEMORY PURGE for a JVM: Redis's fields where this server has
 * the same quantity, the heap's figures where Redis would report its allocator's.
 */
final class MemoryReport {
    /** MEMORY DOCTOR's thresholds. */
    private static final double HIGH_SHARE = 0.9;
    private static final double PEAK_FACTOR = 1.5;
    private static final long LITTLE_MEMORY = 5L * 1024 * 1024;

    private MemoryReport() {
    }

    /** The figures behind both reports, read once. */
    private record Figures(long used, long peak, long startup, long dataset, long keys, long rss, long maxMemory,
                           long heapUsed, long heapCommitted, long heapMax, long direct) {
        static Figures read(ServerContext server) {
            RedisShards redis = server.redis();
            long used = server.usedMemory();
            server.instantaneous().notePeak(used);
            Runtime rt = Runtime.getRuntime();
            return new Figures(used, server.instantaneous().peakMemory(), server.startupMemory(),
                redis == null ? 0 : redis.usedMemoryBytes(), redis == null ? 0 : redis.keys(),
                server.instantaneous().residentBytes(), redis == null ? 0 : redis.maxMemoryBytes(), ServerContext.heapInUse(),
                rt.totalMemory(), rt.maxMemory(), ServerContext.directInUse());
        }
    }

    /** MEMORY STATS: a map (flat array in RESP2) of Redis's field names, then the JVM's. */
    static CommandHandler stats() {
        return (ctx, args, reply) -> {
            Figures f = Figures.read(ctx.server());
            long net = Math.max(0, f.used() - f.startup());
            reply.mapHeader(f.keys() > 0 ? 24 : 23);
            reply.bulk("peak.allocated");
            reply.integer(f.peak());
            reply.bulk("total.allocated");
            reply.integer(f.used());
            reply.bulk("startup.allocated");
            reply.integer(f.startup());
            for (String none : new String[] {"replication.backlog", "clients.slaves", "cluster.links", "aof.buffer",
                "lua.caches", "functions.caches"}) {
                reply.bulk(none); // nothing of the kind exists here
                reply.integer(0);
            }
            if (f.keys() > 0) {
                reply.bulk("db.0");
                reply.mapHeader(1);
                reply.bulk("keys.count");
                reply.integer(f.keys());
            }
            reply.bulk("overhead.total");
            reply.integer(Math.max(0, f.used() - f.dataset()));
            reply.bulk("keys.count");
            reply.integer(f.keys());
            reply.bulk("keys.bytes-per-key");
            reply.integer(f.keys() == 0 ? 0 : net / f.keys());
            reply.bulk("dataset.bytes");
            reply.integer(f.dataset());
            reply.bulk("dataset.percentage");
            reply.doubleValue(net == 0 ? 0 : Math.min(100.0, f.dataset() * 100.0 / net));
            reply.bulk("peak.percentage");
            reply.doubleValue(f.peak() == 0 ? 0 : f.used() * 100.0 / f.peak());
            reply.bulk("fragmentation");
            reply.doubleValue(f.used() == 0 ? 0 : (double) f.rss() / f.used());
            reply.bulk("fragmentation.bytes");
            reply.integer(f.rss() - f.used());
            reply.bulk("rss.bytes");
            reply.integer(f.rss());
            reply.bulk("jvm.heap.used");
            reply.integer(f.heapUsed());
            reply.bulk("jvm.heap.committed");
            reply.integer(f.heapCommitted());
            reply.bulk("jvm.heap.max");
            reply.integer(f.heapMax());
            reply.bulk("jvm.direct.used");
            reply.integer(f.direct());
            reply.bulk("maxmemory");
            reply.integer(f.maxMemory());
        };
    }

    /** MEMORY DOCTOR: what in the figures needs attention, in plain words. */
    static CommandHandler doctor() {
        return (ctx, args, reply) -> reply.verbatim("txt", diagnose(Figures.read(ctx.server())));
    }

    private static String diagnose(Figures f) {
        StringBuilder sb = new StringBuilder();
        if (f.used() < LITTLE_MEMORY && f.dataset() == 0) {
            return "The keyspace is empty and the server uses little memory: nothing to diagnose yet.\n";
        }
        if (f.maxMemory() > 0 && f.dataset() >= HIGH_SHARE * f.maxMemory()) {
            sb.append(String.format(Locale.ROOT, "* The keyspace holds %s of its maxmemory bound of %s (%.0f%%): "
                    + "writes will soon answer OOM. Raise maxmemory (CONFIG SET maxmemory) or delete keys.%n",
                MemorySize.human(f.dataset()), MemorySize.human(f.maxMemory()), f.dataset() * 100.0 / f.maxMemory()));
        }
        if (f.heapUsed() >= HIGH_SHARE * f.heapMax()) {
            sb.append(String.format(Locale.ROOT, "* The JVM heap is %.0f%% full (%s of %s): collections will be "
                    + "frequent and long. Give the JVM a larger -Xmx (KRONOTOP_JVM_OPTS) or bound the keyspace with "
                    + "maxmemory.%n", f.heapUsed() * 100.0 / f.heapMax(), MemorySize.human(f.heapUsed()),
                MemorySize.human(f.heapMax())));
        }
        if (f.peak() > PEAK_FACTOR * f.used() && f.peak() - f.used() > LITTLE_MEMORY) {
            sb.append(String.format(Locale.ROOT, "* The peak memory use, %s, is well above the current %s: a "
                    + "burst of large values or of pipelined requests came through. The JVM keeps the heap it grew "
                    + "to, so the resident size stays near the peak.%n", MemorySize.human(f.peak()),
                MemorySize.human(f.used())));
        }
        long collections = 0;
        long collectionMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMs += Math.max(0, gc.getCollectionTime());
        }
        if (collections > 0 && collectionMs / collections >= 50) {
            sb.append(String.format(Locale.ROOT, "* Garbage collections took %d ms on average (%d of them): every "
                    + "command waits for them. A larger young generation or fewer live objects per key helps; see "
                    + "docs/performance.md.%n", collectionMs / collections, collections));
        }
        if (sb.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "No memory issue found: %s in use (%s of it the keyspace), peak "
                + "%s, heap %s of %s.%n", MemorySize.human(f.used()), MemorySize.human(f.dataset()),
                MemorySize.human(f.peak()), MemorySize.human(f.heapUsed()),
                MemorySize.human(f.heapMax())));
        }
        return sb.toString();
    }
}
