package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.error.RespError;
import io.kronotop.server.metrics.LatencyTracking;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.MemorySize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * CONFIG SET parameter value [parameter value ...]: {@code maxmemory}, {@code slowlog-log-slower-than},
 * {@code slowlog-max-len}, {@code latency-tracking} and {@code latency-tracking-info-percentiles} change at run
 * time; any other known parameter set to another value than its own answers Redis's immutable-config error (to its
 * own value: OK, nothing changes) and an unknown one Redis's unknown-option error. As in Redis 7, every value is
 * checked before any is applied.
 */
final class ConfigSetHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() % 2 != 0) {
            reply.error(RespError.SYNTAX); // Redis: parameters must come in name-value pairs
            return;
        }
        var known = ConfigParameters.snapshot(ctx.server());
        for (int i = 2; i < args.count(); i += 2) {
            String name = args.string(i);
            if (!known.containsKey(name.toLowerCase(Locale.ROOT))) {
                reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
                return;
            }
        }
        ServerContext server = ctx.server();
        List<Runnable> changes = new ArrayList<>();
        for (int i = 2; i < args.count(); i += 2) {
            String name = args.string(i);
            String value = args.string(i + 1);
            String failure = switch (name.toLowerCase(Locale.ROOT)) {
                case "maxmemory" -> {
                    if (server.redis() == null) {
                        yield "can't set immutable config";
                    }
                    long bytes = MemorySize.parse(value);
                    if (bytes < 0) {
                        yield "argument must be a memory value";
                    }
                    changes.add(() -> server.redis().maxMemoryBytes(bytes));
                    yield null;
                }
                case "slowlog-log-slower-than" -> longIn(args, i + 1, -1, changes,
                    micros -> server.slowLog().thresholdMicros(micros));
                case "slowlog-max-len" -> longIn(args, i + 1, 0, changes,
                    length -> server.slowLog().maxLength(length));
                case "latency-tracking" -> {
                    Boolean enabled = LatencyTracking.parseYesNo(value);
                    if (enabled == null) {
                        yield "argument must be 'yes' or 'no'";
                    }
                    changes.add(() -> server.latencyTracking().enabled(enabled));
                    yield null;
                }
                case "latency-tracking-info-percentiles" -> {
                    String[] why = new String[1];
                    double[] percentiles = LatencyTracking.parsePercentiles(value, why);
                    if (percentiles == null) {
                        yield why[0];
                    }
                    changes.add(() -> server.latencyTracking().percentiles(percentiles));
                    yield null;
                }
                // a parameter set to the value it has changes nothing: test frameworks send CONFIG SET save ""
                default -> value.equalsIgnoreCase(known.get(name.toLowerCase(Locale.ROOT))) ? null
                    : "can't set immutable config";
            };
            if (failure != null) {
                reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + failure);
                return;
            }
        }
        changes.forEach(Runnable::run);
        reply.ok();
    }

    /**
     * Queues {@code apply} of argument {@code i} as an integer from {@code min} (Redis's integer syntax); or says
     * why it cannot be one.
     */
    private static String longIn(RespArgs args, int i, long min, List<Runnable> changes, LongConsumer apply) {
        long[] parsed = new long[1];
        if (!args.tryParseLong(i, parsed, 0)) {
            return "argument couldn't be parsed into an integer";
        }
        long value = parsed[0];
        if (value < min) {
            return "argument must be between " + min + " and " + Long.MAX_VALUE + " inclusive";
        }
        changes.add(() -> apply.accept(value));
        return null;
    }
}
