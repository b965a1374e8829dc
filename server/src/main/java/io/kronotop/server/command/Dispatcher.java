package io.kronotop.server.command;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.metrics.CommandStats;
import io.kronotop.server.metrics.SlowLog;
import io.kronotop.server.protocol.ArgBytes;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotHash;
import io.kronotop.server.session.Monitors;
import io.kronotop.server.session.Redaction;
import io.kronotop.server.session.Session;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one request: finds the command, does the shared checks once (unknown command, authentication,
 * arity, subcommand), calls the handler, and keeps commandstats and errorstats. The single place where
 * exceptions become replies. Stateless apart from counters; shared by all reactors.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final byte[] HELP = "HELP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUEUED = "QUEUED".getBytes(StandardCharsets.US_ASCII);
    /** Commands that run, rather than queue, inside MULTI. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit",
        "reset");
    /** {@link #keySlot}: the keys hash to different slots. */
    public static final int CROSS_SLOT = -2;

    private final ServerContext server;
    private final AtomicLong internalErrorIds = new AtomicLong();

    public Dispatcher(ServerContext server) {
        this.server = server;
    }

    public void dispatch(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        server.stats().commandsProcessed.increment();
        Session session = ctx.session();
        CommandSpec spec = ctx.registry().find(args, 0);
        if (spec == null) {
            ctx.multi().flagDirty();
            error(reply, unknownCommand(args));
            return;
        }
        // Redis's order: unknown command, arity, unknown subcommand and its arity, then authentication.
        if (!spec.arityAccepts(args.count())) {
            ctx.multi().flagDirty();
            if (spec.name().equals("exec")) {
                // Redis turns any refusal of EXEC into the abort of the transaction.
                ctx.multi().end();
                ctx.multi().unwatchAll();
                reject(spec, reply, "EXECABORT Transaction discarded because of: "
                    + RespError.wrongArity(spec.name()).substring(4));
                return;
            }
            reject(spec, reply, RespError.wrongArity(spec.name()));
            return;
        }
        CommandSpec target = spec;
        boolean help = false;
        if (!spec.subcommands().isEmpty()) {
            if (args.equalsIgnoreCase(1, HELP)) {
                if (args.count() != 2) {
                    ctx.multi().flagDirty();
                    reject(spec, reply, RespError.wrongArity(spec.name() + "|help"));
                    return;
                }
                help = true;
            } else {
                target = CommandRegistry.findSubcommand(spec, args, 1);
                if (target == null) {
                    ctx.multi().flagDirty();
                    reject(spec, reply, RespError.unknownSubcommand(args.string(1), spec.name()));
                    return;
                }
                if (!target.arityAccepts(args.count())) {
                    ctx.multi().flagDirty();
                    reject(target, reply, RespError.wrongArity(target.name()));
                    return;
                }
            }
        }
        if (!session.authenticated() && !target.has(CommandFlag.NO_AUTH)) {
            reject(target, reply, RespError.NOAUTH);
            return;
        }
        if (session.monitoring() && (target.has(CommandFlag.WRITE) || target.has(CommandFlag.READONLY)
            || target.has(CommandFlag.MAY_REPLICATE))) {
            // Redis makes a monitor a replica, which may not touch the keyspace
            reject(target, reply, "ERR Replica can't interact with the keyspace");
            return;
        }
        MultiState multi = ctx.multi();
        if (server.clientPause().active() && !session.adminPort()
            && ctx.postpone(args, changesData(spec, target, multi))) {
            // it comes back through here when the pause ends, and counts then
            server.stats().commandsProcessed.add(-1);
            return;
        }
        if (help) {
            help(spec, reply);
            return;
        }
        if (multi.active() && !TRANSACTION_CONTROL.contains(spec.name())) {
            queue(target, ctx, args, reply, multi);
            return;
        }
        if (target.handler() instanceof KeyspaceHandler) {
            runOnShard(target, ctx, args, reply);
            return;
        }
        ctx.session().onCommand(target.name(), ctx.nowMs());
        run(target, ctx, args, reply, ctx.requestNs());
    }

    /**
     * Whether CLIENT PAUSE WRITE holds the command back, as Redis decides it: a command that writes or may be
     * replicated, queued in a MULTI or not, and an EXEC whose transaction holds one.
     */
    private static boolean changesData(CommandSpec spec, CommandSpec target, MultiState multi) {
        if (writes(target)) {
            return true;
        }
        if (spec.name().equals("exec") && multi.active()) {
            for (MultiState.Queued queued : multi.queued()) {
                if (writes(queued.spec())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean writes(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    private void queue(CommandSpec spec, CommandContext ctx, RespArgs args, ReplyWriter reply, MultiState multi) {
        if (spec.has(CommandFlag.NO_MULTI)) {
            multi.flagDirty();
            reject(spec, reply, "ERR Command not allowed inside a transaction");
            return;
        }
        int slot = -1;
        RedisShard shard = null;
        if (spec.handler() instanceof KeyspaceHandler) {
            RedisShards shards = server.redis();
            slot = keySlot(spec, args);
            String refusal = refusal(spec, shards, slot);
            if (refusal != null) {
                multi.flagDirty();
                reject(spec, reply, refusal);
                return;
            }
            shard = slot < 0 ? shards.shard(0) : shards.forSlot(slot);
        }
        multi.queue(spec, args, slot, shard);
        reply.simpleString(QUEUED);
    }

    /** Why a keyspace command cannot run here (CROSSSLOT, routing, OOM), or null. Flags a MULTI dirty. */
    private String refusal(CommandSpec spec, RedisShards shards, int slot) {
        if (slot == CROSS_SLOT) {
            return CROSSSLOT;
        }
        if (slot >= 0) {
            String routing = shards.resolve(slot, spec.has(CommandFlag.WRITE));
            if (routing != null) {
                return routing;
            }
        }
        if (spec.has(CommandFlag.DENYOOM) && shards.overMemoryLimit()) {
            return RedisShards.OOM;
        }
        return null;
    }

    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

    /**
     * The slot every key of the request hashes to by the spec's key positions; -1 when there is no key,
     * {@link #CROSS_SLOT} when they differ.
     */
    public static int keySlot(CommandSpec spec, RespArgs args) {
        if (spec.firstKey() <= 0) {
            return -1;
        }
        int last = spec.lastKey() < 0 ? args.count() + spec.lastKey() : Math.min(spec.lastKey(), args.count() - 1);
        int step = Math.max(1, spec.keyStep());
        int slot = -1;
        for (int i = spec.firstKey(); i <= last; i += step) {
            ArgBytes key = args.arg(i);
            int s = SlotHash.slot(key.array(), key.offset(), key.length());
            if (slot < 0) {
                slot = s;
            } else if (slot != s) {
                return CROSS_SLOT;
            }
        }
        return slot;
    }

    private void runOnShard(CommandSpec spec, CommandContext ctx, RespArgs args, ReplyWriter reply) {
        RedisShards shards = server.redis();
        int slot = keySlot(spec, args);
        String refusal = refusal(spec, shards, slot);
        if (refusal != null) {
            reject(spec, reply, refusal);
            return;
        }
        RedisShard shard = slot < 0 ? shards.shard(0) : shards.forSlot(slot);
        long nowMs = ctx.nowMs();
        ctx.session().onCommand(spec.name(), nowMs);
        boolean local = shard.owner().inEventLoop();
        RespArgs request = local ? args : args.copy();
        // on this reactor the command runs now, so its time counts from the request's clock reading
        long requestNs = local ? ctx.requestNs() : 0;
        ctx.runOn(shard.owner(), w -> {
            if (shard.loading()) {
                w.error(RedisShard.LOADING);
                return null;
            }
            if (spec.has(CommandFlag.WRITE)) {
                String misconf = shard.writeRefusal();
                if (misconf != null) {
                    reject(spec, w, misconf);
                    return null;
                }
            }
            run(spec, onShard(ctx, shard, nowMs, w), request, w, local ? requestNs : System.nanoTime());
            return shard.endCommand();
        });
    }

    /** The context for running a command of {@code connection} on {@code shard}'s reactor, replying to {@code w}. */
    public static CommandContext onShard(CommandContext connection, RedisShard shard, long nowMs, ReplyWriter w) {
        return new ShardCommandContext(connection, shard, nowMs).reply(w);
    }

    /**
     * Runs a handler with the shared bookkeeping: commandstats, errorstats, and exceptions turned into replies.
     * On whichever reactor the command belongs to (EXEC runs queued commands through it).
     */
    public void run(CommandSpec spec, CommandContext ctx, RespArgs args, ReplyWriter reply) {
        run(spec, ctx, args, reply, System.nanoTime());
    }

    /** As {@link #run(CommandSpec, CommandContext, RespArgs, ReplyWriter)}, timed from {@code startNs}. */
    private void run(CommandSpec spec, CommandContext ctx, RespArgs args, ReplyWriter reply, long startNs) {
        ByteBuf out = reply.target();
        int start = out.writerIndex();
        try {
            spec.handler().execute(ctx, args, reply);
        } catch (CommandException e) {
            out.writerIndex(start);
            reply.error(e.reply());
        } catch (RuntimeException | AssertionError e) {
            long id = internalErrorIds.incrementAndGet();
            LOG.error("internal error #{} while running '{}'", id, spec.name(), e);
            out.writerIndex(start);
            reply.error("ERR internal error #" + id + ", see the server log");
        }
        Monitors monitors = server.monitors();
        if (monitors.active() && !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR)
            && !spec.name().equals("quit")) {
            // as Redis 7.0: after the command ran; refused commands never get here, QUIT is not shown
            monitors.feed(ctx.session().remote(), args);
        }
        CommandStats stats = server.commandStats(spec);
        stats.calls.increment();
        long nanos = System.nanoTime() - startNs;
        stats.nanos.add(nanos);
        if (server.latencyTracking().enabled()) {
            stats.latency.record(nanos);
        }
        SlowLog slowLog = server.slowLog();
        if (slowLog.logs(nanos) && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
            Session session = ctx.session();
            slowLog.add(args, Redaction.redacted(args), nanos, ctx.nowMs() / 1000, address(session.remote()),
                session.name());
        }
        if (out.writerIndex() > start && out.getByte(start) == '-') {
            stats.failedCalls.increment();
            countError(out, start);
        }
    }

    /**
     * Counts an error reply already written at {@code start} of {@code out} (used by offloaded completions
     * too). Returns without effect when the bytes there are not an error.
     */
    public void countError(ByteBuf out, int start) {
        if (out.getByte(start) != '-') {
            return;
        }
        int end = start + 1;
        int limit = Math.min(out.writerIndex(), start + 64);
        while (end < limit) {
            byte b = out.getByte(end);
            if (b == ' ' || b == '\r') {
                break;
            }
            end++;
        }
        server.stats().onErrorReply(out.toString(start + 1, end - start - 1, StandardCharsets.US_ASCII));
    }

    private void reject(CommandSpec spec, ReplyWriter reply, String message) {
        server.commandStats(spec).rejectedCalls.increment();
        error(reply, message);
    }

    private void error(ReplyWriter reply, String message) {
        reply.error(message);
        int space = message.indexOf(' ');
        server.stats().onErrorReply(space < 0 ? message : message.substring(0, space));
    }

    private static void help(CommandSpec container, ReplyWriter reply) {
        List<CommandSpec> subs = container.subcommands();
        String upper = container.name().toUpperCase(java.util.Locale.ROOT);
        reply.arrayHeader(subs.size() * 2 + 1);
        reply.simpleString(upper + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (CommandSpec sub : subs) {
            String name = sub.shortName().toUpperCase(java.util.Locale.ROOT);
            reply.simpleString(sub.syntax().isEmpty() ? name : name + " " + sub.syntax());
            reply.simpleString("    " + sub.summary());
        }
    }

    /** {@code ip:port}, as Redis shows a client. */
    private static String address(java.net.InetSocketAddress remote) {
        return remote == null ? "" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    /** Redis's text: the name, then up to 128 characters of the first arguments, each quoted. */
    static String unknownCommand(RespArgs args) {
        StringBuilder sb = new StringBuilder(64);
        sb.append("ERR unknown command '").append(truncate(args.string(0), 128))
            .append("', with args beginning with: ");
        int argsLength = 0;
        for (int i = 1; i < args.count() && argsLength < 128; i++) {
            String arg = truncate(args.string(i), 128 - argsLength);
            sb.append('\'').append(arg).append("' ");
            argsLength += arg.length() + 3;
        }
        return sb.toString();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
