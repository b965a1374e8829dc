package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;

import java.util.List;

/**
 * One named workload of the suite.
 *
 * @param writes   true when it writes: then it also runs against the Redis AOF variants
 * @param commands templates with weights (same order)
 * @param perSystem a system's own commands in place of {@code commands} (its nearest peer of them)
 * @param rate     0 for a closed loop; otherwise an open loop at this many total ops/s, latency counted
 *                 from each request's due time (corrected for coordinated omission)
 */
public record Workload(
        String name,
        List<CommandTemplate> commands,
        List<Integer> weights,
        int connections,
        int pipeline,
        String keyPrefix,
        long keySpace,
        int valueSize,
        boolean writes,
        java.util.Map<String, List<CommandTemplate>> perSystem,
        long rate) {

    public Workload {
        commands = List.copyOf(commands);
        weights = List.copyOf(weights);
        perSystem = java.util.Map.copyOf(perSystem);
        if (commands.size() != weights.size() || commands.isEmpty()) {
            throw new IllegalArgumentException("one weight per command");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        for (List<CommandTemplate> alt : perSystem.values()) {
            if (alt.size() != weights.size()) {
                throw new IllegalArgumentException("a system's own commands need one per weight");
            }
        }
    }

    /** A closed loop. */
    public Workload(String name, List<CommandTemplate> commands, List<Integer> weights, int connections,
            int pipeline, String keyPrefix, long keySpace, int valueSize, boolean writes,
            java.util.Map<String, List<CommandTemplate>> perSystem) {
        this(name, commands, weights, connections, pipeline, keyPrefix, keySpace, valueSize, writes, perSystem, 0);
    }

    /** The same commands for every system. */
    public Workload(String name, List<CommandTemplate> commands, List<Integer> weights, int connections,
            int pipeline, String keyPrefix, long keySpace, int valueSize, boolean writes) {
        this(name, commands, weights, connections, pipeline, keyPrefix, keySpace, valueSize, writes,
                java.util.Map.of());
    }

    /**
     * How {@code system} is named for this workload in tables and plots: with the commands it ran in
     * parentheses when the systems run different commands, e.g. {@code redis (SET/GET)}.
     */
    public String label(String system) {
        if (perSystem.isEmpty()) {
            return system;
        }
        StringBuilder sb = new StringBuilder(system).append(" (");
        List<CommandTemplate> own = commandsFor(system);
        for (int i = 0; i < own.size(); i++) {
            sb.append(i == 0 ? "" : "/").append(own.get(i).name());
        }
        return sb.append(')').toString();
    }

    /** The commands {@code system} runs: its own when it has them (its nearest peer of the others'). */
    public List<CommandTemplate> commandsFor(String system) {
        return perSystem.getOrDefault(system, commands);
    }

    /** Kronotop's transactional key-value commands, its peer of Redis's SET and GET. */
    private static final List<CommandTemplate> ZSET_ZGET = List.of(CommandTemplate.of("ZSET __key__ __data__"),
            CommandTemplate.of("ZGET __key__"));
    /** Total ops/s of the default open-loop workload. */
    public static final long OPEN_LOOP_RATE = 5_000;

    /** The default suite: PING inline and RESP, ECHO, SET/GET at pipeline 1 and 16, HSET/HGET. */
    public static List<Workload> defaults() {
        return List.of(
                read("ping-inline", CommandTemplate.inline("PING"), 1),
                read("ping", CommandTemplate.of("PING"), 1),
                read("echo", CommandTemplate.of("ECHO __data__"), 1),
                new Workload("set-get-p1", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 50, 1, "key:", 100_000, 32, true),
                new Workload("set-get-p16", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 50, 16, "key:", 100_000, 32, true),
                new Workload("hset-hget-p1", List.of(CommandTemplate.of("HSET __key__ f __data__"),
                        CommandTemplate.of("HGET __key__ f")), List.of(1, 1), 50, 1, "hash:", 100_000, 32, true),
                // Kronotop's transactional key-value commands beside Redis's nearest peer, SET and GET.
                new Workload("zset-zget-p1", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 50, 1, "zkey:", 100_000, 32, true,
                        java.util.Map.of("kronotop", ZSET_ZGET)),
                // Open loop at a fixed offered load every system can carry: latency at equal load, with
                // stalls charged to every request due during them.
                new Workload("zset-zget-rate", List.of(CommandTemplate.of("SET __key__ __data__"),
                        CommandTemplate.of("GET __key__")), List.of(1, 1), 50, 1, "rkey:", 100_000, 32, true,
                        java.util.Map.of("kronotop", ZSET_ZGET), OPEN_LOOP_RATE));
    }

    /**
     * Parses a workload given on the command line: fields separated by {@code ;}, the name first, then
     * {@code cmd=WEIGHT:TEMPLATE} (repeatable; {@code inline:} before the template sends it inline) and
     * optional {@code pipeline=}, {@code connections=}, {@code keys=}, {@code size=}, {@code prefix=}, {@code rate=}
     * (open loop, total ops/s) and {@code writes} (also run against the AOF variants). Example:
     * {@code zset;pipeline=1;writes;cmd=1:ZADD __key__ 1 __data__;cmd=3:ZSCORE __key__ __data__}.
     */
    public static Workload parse(String spec) {
        String[] fields = spec.split(";");
        String name = fields[0].trim();
        if (name.isEmpty() || name.contains("=") || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a workload starts with its name (letters, digits, . _ -): " + spec);
        }
        List<CommandTemplate> commands = new java.util.ArrayList<>();
        List<Integer> weights = new java.util.ArrayList<>();
        int pipeline = 1;
        int connections = 50;
        long keys = 100_000;
        int size = 32;
        String prefix = name + ":";
        boolean writes = false;
        long rate = 0;
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            String value = eq < 0 ? "" : f.substring(eq + 1);
            switch (key) {
                case "cmd" -> {
                    int colon = value.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("cmd=WEIGHT:TEMPLATE expected, got " + f);
                    }
                    weights.add(Integer.parseInt(value.substring(0, colon).trim()));
                    String template = value.substring(colon + 1);
                    commands.add(template.startsWith("inline:")
                            ? CommandTemplate.inline(template.substring("inline:".length()))
                            : CommandTemplate.of(template));
                }
                case "pipeline" -> pipeline = Integer.parseInt(value);
                case "connections" -> connections = Integer.parseInt(value);
                case "keys" -> keys = Long.parseLong(value);
                case "size" -> size = Integer.parseInt(value);
                case "prefix" -> prefix = value;
                case "writes" -> writes = true;
                case "rate" -> rate = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown workload field " + key + " in " + spec);
            }
        }
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one cmd=WEIGHT:TEMPLATE: " + spec);
        }
        return new Workload(name, commands, weights, connections, pipeline, prefix, keys, size, writes,
                java.util.Map.of(), rate);
    }

    private static Workload read(String name, CommandTemplate command, int pipeline) {
        return new Workload(name, List.of(command), List.of(1), 50, pipeline, "key:", 100_000, 32, false);
    }

    /** A human description: {@code SET:GET 1:1, 50 connections, pipeline 16, 32-byte values, 100000 keys}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            sb.append(i == 0 ? "" : " + ").append('`').append(commands.get(i)).append('`');
            if (commands.size() > 1) {
                sb.append(" x").append(weights.get(i));
            }
        }
        for (java.util.Map.Entry<String, List<CommandTemplate>> e : new java.util.TreeMap<>(perSystem).entrySet()) {
            sb.append(" (").append(e.getKey()).append(':');
            for (CommandTemplate t : e.getValue()) {
                sb.append(" `").append(t).append('`');
            }
            sb.append(')');
        }
        return sb + ", " + connections + " connections, pipeline " + pipeline + ", " + valueSize
                + "-byte values, " + keySpace + " keys"
                + (rate > 0 ? ", open loop at " + rate + " ops/s in total (latency from each request's due time)" : "");
    }
}
