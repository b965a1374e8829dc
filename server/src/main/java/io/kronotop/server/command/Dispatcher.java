package io.kronotop.server.command;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.metrics.CommandStats;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.Session;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one request: finds the command, does the shared checks once (unknown command, authentication,
 * arity, subcommand), calls the handler, and keeps commandstats and errorstats. The single place where
 * exceptions become replies. Stateless apart from counters; shared by all reactors.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final byte[] HELP = "HELP".getBytes(StandardCharsets.US_ASCII);

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
            error(reply, unknownCommand(args));
            return;
        }
        // Redis's order: unknown command, arity, unknown subcommand and its arity, then authentication.
        if (!spec.arityAccepts(args.count())) {
            reject(spec, reply, RespError.wrongArity(spec.name()));
            return;
        }
        CommandSpec target = spec;
        boolean help = false;
        if (!spec.subcommands().isEmpty()) {
            if (args.equalsIgnoreCase(1, HELP)) {
                if (args.count() != 2) {
                    reject(spec, reply, RespError.wrongArity(spec.name() + "|help"));
                    return;
                }
                help = true;
            } else {
                target = CommandRegistry.findSubcommand(spec, args, 1);
                if (target == null) {
                    reject(spec, reply, RespError.unknownSubcommand(args.string(1), spec.name()));
                    return;
                }
                if (!target.arityAccepts(args.count())) {
                    reject(target, reply, RespError.wrongArity(target.name()));
                    return;
                }
            }
        }
        if (!session.authenticated() && !target.has(CommandFlag.NO_AUTH)) {
            reject(target, reply, RespError.NOAUTH);
            return;
        }
        if (help) {
            help(spec, reply);
            return;
        }
        execute(target, ctx, args, reply);
    }

    private void execute(CommandSpec spec, CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.session().onCommand(spec.name(), ctx.nowMs());
        ByteBuf out = reply.target();
        int start = out.writerIndex();
        long startNs = System.nanoTime();
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
        CommandStats stats = server.commandStats(spec);
        stats.calls.increment();
        stats.usec.add((System.nanoTime() - startNs) / 1000);
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
