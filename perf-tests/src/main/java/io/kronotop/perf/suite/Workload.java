package io.kronotop.perf.suite;

import io.kronotop.perf.load.CommandTemplate;

import java.util.List;

/**
 * One named workload of the suite.
 *
 * @param writes   true when it writes: then it also runs against the Redis AOF variants
 * @param commands templates with weights (same order)
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
        boolean writes) {

    public Workload {
        commands = List.copyOf(commands);
        weights = List.copyOf(weights);
        if (commands.size() != weights.size() || commands.isEmpty()) {
            throw new IllegalArgumentException("one weight per command");
        }
    }

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
                        CommandTemplate.of("HGET __key__ f")), List.of(1, 1), 50, 1, "hash:", 100_000, 32, true));
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
        return sb + ", " + connections + " connections, pipeline " + pipeline + ", " + valueSize
                + "-byte values, " + keySpace + " keys";
    }
}
