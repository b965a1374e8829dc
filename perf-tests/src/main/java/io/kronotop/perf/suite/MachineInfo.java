package io.kronotop.perf.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the numbers ran on: CPU, cores, memory, kernel, JDK, tool versions, commit. */
final class MachineInfo {
    private MachineInfo() {
    }

    static Map<String, String> collect(String redisServer, String redisBenchmark) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("CPU", cpuModel());
        info.put("cores (visible to the JVM)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("memory", memTotal());
        info.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        info.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        info.put("redis-server", firstLine(List.of(redisServer, "--version")));
        if (redisBenchmark != null) {
            info.put("redis-benchmark", firstLine(List.of(redisBenchmark, "--version")));
        }
        info.put("commit", firstLine(List.of("git", "rev-parse", "--short", "HEAD"))
                + (firstLine(List.of("git", "status", "--porcelain", "--untracked-files=no")).isEmpty() ? ""
                        : " (with local changes)"));
        return info;
    }

    /** The 1, 5 and 15 minute load averages, or "?" off Linux: how busy the machine was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kb / 1024 / 1024) + " GiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "?";
    }

    private static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return p.exitValue() == 0 ? out.lines().findFirst().orElse("") : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
