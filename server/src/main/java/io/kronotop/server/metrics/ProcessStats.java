package io.kronotop.server.metrics;

import io.kronotop.server.SuppressForbidden;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's CPU time and resident memory, for INFO's cpu and memory sections. Read from {@code /proc/self} on
 * Linux; elsewhere the CPU time is the JVM's total, counted as user time, and the resident size 0.
 */
public final class ProcessStats {
    /** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Linux exposes it for. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");

    /** CPU seconds: the process's user and system time, and those of its waited-for children. */
    public record Cpu(double user, double system, double childrenUser, double childrenSystem) {
    }

    private ProcessStats() {
    }

    public static Cpu cpu() {
        try {
            String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // the command name, field 2, is in parentheses and may hold spaces: count fields after its end
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            return new Cpu(ticks(fields[11]), ticks(fields[12]), ticks(fields[13]), ticks(fields[14]));
        } catch (IOException | RuntimeException e) {
            return new Cpu(jvmCpuNanos() / 1e9, 0, 0, 0);
        }
    }

    private static double ticks(String field) {
        return Long.parseLong(field) / TICKS_PER_SECOND;
    }

    @SuppressForbidden("HotSpot's extension, guarded by instanceof; 0 elsewhere")
    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** The resident set size in bytes (Redis's used_memory_rss), 0 when unknown. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim();
                    return Long.parseLong(kb.substring(0, kb.indexOf(' '))) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
