package io.kronotop.perf.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one generator run needs. Build with {@link #builder()}.
 *
 * @param commands          the templates; {@code weights[i]} is the share of {@code commands[i]}
 * @param requests          measured requests in total (split evenly over connections), or 0 for a timed run
 * @param testTime          measured time of a timed run (ignored when {@code requests > 0})
 * @param warmup            time spent sending unrecorded requests before measuring
 * @param targetOpsPerSec   0 for closed loop; otherwise open loop at this total rate, latency measured from
 *                          each request's intended send time (no coordinated omission)
 * @param protocol          2 or 3; 3 sends {@code HELLO 3} first on every connection
 * @param cluster           route by key slot using {@code CLUSTER SLOTS} from the seed and follow MOVED/ASK
 * @param cpus              CPUs the event-loop threads are pinned to (see {@link CpuAffinity}); empty: not pinned
 * @param keyDigits         key numbers are zero-padded to this many digits (0: none); 12 gives redis-benchmark's keys
 */
public record LoadConfig(
        String host,
        int port,
        int threads,
        int connectionsPerThread,
        int pipeline,
        List<CommandTemplate> commands,
        int[] weights,
        KeyPattern keyPattern,
        String keyPrefix,
        long keyMin,
        long keyMax,
        int valueSizeMin,
        int valueSizeMax,
        long requests,
        Duration testTime,
        Duration warmup,
        long targetOpsPerSec,
        int protocol,
        boolean cluster,
        long seed,
        Duration connectTimeout,
        List<Integer> cpus,
        int keyDigits) {

    public LoadConfig {
        commands = List.copyOf(commands);
        cpus = List.copyOf(cpus);
        if (keyDigits < 0 || keyDigits > 19) {
            throw new IllegalArgumentException("key digits must be 0-19");
        }
        weights = weights.clone();
        if (commands.isEmpty() || commands.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per command");
        }
        if (threads < 1 || connectionsPerThread < 1 || pipeline < 1) {
            throw new IllegalArgumentException("threads, connections and pipeline must be at least 1");
        }
        if (valueSizeMin < 0 || valueSizeMax < valueSizeMin) {
            throw new IllegalArgumentException("bad value size range " + valueSizeMin + "-" + valueSizeMax);
        }
        if (requests < 0 || (requests == 0 && (testTime == null || testTime.isZero() || testTime.isNegative()))) {
            throw new IllegalArgumentException("give a request count or a positive test time");
        }
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3");
        }
        if (targetOpsPerSec < 0) {
            throw new IllegalArgumentException("negative target rate");
        }
    }

    public int clientCount() {
        return threads * connectionsPerThread;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A mutable builder with memtier-like defaults: 1 thread, 50 connections, pipeline 1, SET:GET 1:10. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6379;
        private int threads = 1;
        private int connectionsPerThread = 50;
        private int pipeline = 1;
        private final List<CommandTemplate> commands = new ArrayList<>();
        private final List<Integer> weights = new ArrayList<>();
        private KeyPattern keyPattern = KeyPattern.RANDOM;
        private String keyPrefix = "key:";
        private long keyMin;
        private long keyMax = 99_999;
        private int valueSizeMin = 32;
        private int valueSizeMax = 32;
        private long requests;
        private Duration testTime = Duration.ofSeconds(10);
        private Duration warmup = Duration.ZERO;
        private long targetOpsPerSec;
        private int protocol = 2;
        private boolean cluster;
        private long seed = 42;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private List<Integer> cpus = List.of();
        private int keyDigits;

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder connectionsPerThread(int v) {
            connectionsPerThread = v;
            return this;
        }

        public Builder pipeline(int v) {
            pipeline = v;
            return this;
        }

        /** Adds a command with its weight in the mix. */
        public Builder command(CommandTemplate template, int weight) {
            commands.add(template);
            weights.add(weight);
            return this;
        }

        public Builder keyPattern(KeyPattern v) {
            keyPattern = v;
            return this;
        }

        public Builder keyPrefix(String v) {
            keyPrefix = v;
            return this;
        }

        public Builder keySpace(long min, long max) {
            keyMin = min;
            keyMax = max;
            return this;
        }

        public Builder valueSize(int fixed) {
            return valueSize(fixed, fixed);
        }

        public Builder valueSize(int min, int max) {
            valueSizeMin = min;
            valueSizeMax = max;
            return this;
        }

        public Builder requests(long v) {
            requests = v;
            return this;
        }

        public Builder testTime(Duration v) {
            testTime = v;
            requests = 0;
            return this;
        }

        public Builder warmup(Duration v) {
            warmup = v;
            return this;
        }

        public Builder targetOpsPerSec(long v) {
            targetOpsPerSec = v;
            return this;
        }

        public Builder protocol(int v) {
            protocol = v;
            return this;
        }

        public Builder cluster(boolean v) {
            cluster = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        /** Pins the event-loop threads to these CPUs (Linux); empty for no pinning. */
        public Builder cpus(List<Integer> v) {
            cpus = List.copyOf(v);
            return this;
        }

        /** Zero-pads key numbers to {@code v} digits (0: none). */
        public Builder keyDigits(int v) {
            keyDigits = v;
            return this;
        }

        public LoadConfig build() {
            List<CommandTemplate> cmds = new ArrayList<>(commands);
            int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
            if (cmds.isEmpty()) {
                cmds.add(CommandTemplate.of("SET __key__ __data__"));
                cmds.add(CommandTemplate.of("GET __key__"));
                w = new int[] {1, 10};
            }
            return new LoadConfig(host, port, threads, connectionsPerThread, pipeline, cmds, w, keyPattern,
                    keyPrefix, keyMin, keyMax, valueSizeMin, valueSizeMax, requests, testTime, warmup,
                    targetOpsPerSec, protocol, cluster, seed, connectTimeout, cpus, keyDigits);
        }
    }
}
