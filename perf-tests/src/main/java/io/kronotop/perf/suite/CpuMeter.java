package io.kronotop.perf.suite;

import java.time.Duration;

/**
 * CPU a server and this JVM (the generator) used between construction and {@link #percent()} /
 * {@link #generatorPercent()}, in % of one core (-1 if unknown). Linux reads both from
 * {@code /proc/<pid>/stat} (user + system time).
 */
final class CpuMeter {
    private final ServerUnderTest server;
    private final long cpuStartNs;
    private final long ownCpuStartNs;
    private final long wallStartNs;

    CpuMeter(ServerUnderTest server) {
        this.server = server;
        this.cpuStartNs = server.cpuTimeNs();
        this.ownCpuStartNs = ownCpuNs();
        this.wallStartNs = System.nanoTime();
    }

    double percent() {
        long cpu = server.cpuTimeNs();
        long wall = System.nanoTime() - wallStartNs;
        return cpuStartNs < 0 || cpu < 0 || wall <= 0 ? -1 : 100.0 * (cpu - cpuStartNs) / wall;
    }

    double generatorPercent() {
        long cpu = ownCpuNs();
        long wall = System.nanoTime() - wallStartNs;
        return ownCpuStartNs < 0 || cpu < 0 || wall <= 0 ? -1 : 100.0 * (cpu - ownCpuStartNs) / wall;
    }

    private static long ownCpuNs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
