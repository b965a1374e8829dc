package io.kronotop.perf.suite;

import io.kronotop.perf.load.CpuAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fixed cores for the cross-check: Redis (every thread of it) on CPU 0, both clients on CPU 1, so that each tool
 * meets the same placement. Unpinned, a one-connection run's round trip depends on whether the scheduler keeps
 * client and Redis on one core or spreads them over two, which moved single runs by a factor of two to three on
 * a 2-core machine. Redis gets its full affinity back when the check ends.
 */
final class CrossCheckPinning implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrossCheckPinning.class);
    static final int SERVER_CPU = 0;
    static final int CLIENT_CPU = 1;

    private final long pid;
    private final int cpus;
    private final boolean active;

    private CrossCheckPinning(long pid, int cpus, boolean active) {
        this.pid = pid;
        this.cpus = cpus;
        this.active = active;
    }

    /** Pins Redis if the machine allows it (2+ CPUs, Linux, taskset); otherwise returns an inactive pinning. */
    static CrossCheckPinning start(ServerUnderTest redis) throws InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        long pid = redis.pid();
        if (cpus < 2 || pid <= 0 || !CpuAffinity.available()) {
            LOG.info("cross-check runs unpinned ({} CPUs, pid {}, affinity {})", cpus, pid,
                    CpuAffinity.available() ? "available" : "not available");
            return new CrossCheckPinning(pid, cpus, false);
        }
        if (!taskset(String.valueOf(SERVER_CPU), pid)) {
            return new CrossCheckPinning(pid, cpus, false);
        }
        return new CrossCheckPinning(pid, cpus, true);
    }

    boolean active() {
        return active;
    }

    /** CPUs of the generator's event-loop threads: empty when not pinned. */
    List<Integer> clientCpus() {
        return active ? List.of(CLIENT_CPU) : List.of();
    }

    /** Command prefix for redis-benchmark. */
    List<String> clientPrefix() {
        return active ? List.of("taskset", "-c", String.valueOf(CLIENT_CPU)) : List.of();
    }

    /** One sentence for the report. */
    String description() {
        return active ? "Redis pinned to CPU " + SERVER_CPU + ", redis-benchmark and the generator's event-loop "
                + "thread to CPU " + CLIENT_CPU + " (taskset, sched_setaffinity)" : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (active) {
            taskset("0-" + (cpus - 1), pid);
        }
    }

    private static boolean taskset(String list, long pid) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", list, String.valueOf(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            LOG.warn("taskset -a -p -c {} {} failed", list, pid);
        } catch (IOException e) {
            LOG.warn("taskset not usable: {}", e.toString());
        }
        return false;
    }
}
