package io.kronotop.server.metrics;

/**
 * Redis's instantaneous metrics: every {@value #PERIOD_MS} ms a sample of a running total (commands processed, bytes
 * read, bytes written) becomes a rate, and INFO shows the mean of the last {@value #SAMPLES} rates, about the last
 * 1.6 seconds. Also keeps the peak of the memory in use and the process's CPU times and resident size, read with
 * them, so that INFO and MEMORY, which run on reactors, read no file. {@link #sample} runs on one thread (a timer
 * of its own); the readers on any.
 */
public final class InstantaneousMetrics {
    public static final long PERIOD_MS = 100;
    static final int SAMPLES = 16;

    /** One sampled total. */
    private static final class Metric {
        private final long[] rates = new long[SAMPLES];
        private int next;
        private long lastTotal = -1;
        private long lastMs;

        synchronized void sample(long nowMs, long total) {
            if (lastTotal >= 0 && nowMs > lastMs) {
                rates[next] = (total - lastTotal) * 1000 / (nowMs - lastMs);
                next = (next + 1) % SAMPLES;
            }
            lastTotal = total;
            lastMs = nowMs;
        }

        synchronized long mean() {
            long sum = 0;
            for (long rate : rates) {
                sum += rate;
            }
            return sum / SAMPLES;
        }
    }

    private final Metric commands = new Metric();
    private final Metric input = new Metric();
    private final Metric output = new Metric();
    private volatile long peakMemory;
    private volatile ProcessStats.Cpu cpu = new ProcessStats.Cpu(0, 0, 0, 0);
    private volatile long residentBytes;

    /** Takes a sample of the running totals and of the memory in use. */
    public void sample(long nowMs, long commandsProcessed, long inputBytes, long outputBytes, long usedMemory) {
        commands.sample(nowMs, commandsProcessed);
        input.sample(nowMs, inputBytes);
        output.sample(nowMs, outputBytes);
        notePeak(usedMemory);
        cpu = ProcessStats.cpu();
        residentBytes = ProcessStats.residentBytes();
    }

    /** The process's CPU times at the last sample. */
    public ProcessStats.Cpu cpu() {
        return cpu;
    }

    /** The process's resident size at the last sample (0 off Linux). */
    public long residentBytes() {
        return residentBytes;
    }

    /** Raises the peak to {@code usedMemory} if it is higher (INFO notes the value it reports too). */
    public void notePeak(long usedMemory) {
        if (usedMemory > peakMemory) {
            synchronized (this) {
                peakMemory = Math.max(peakMemory, usedMemory);
            }
        }
    }

    public long opsPerSecond() {
        return commands.mean();
    }

    public double inputKbps() {
        return input.mean() / 1024.0;
    }

    public double outputKbps() {
        return output.mean() / 1024.0;
    }

    public long peakMemory() {
        return peakMemory;
    }
}
