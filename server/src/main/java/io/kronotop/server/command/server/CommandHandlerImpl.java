package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND [COUNT | INFO [name ...] | DOCS [name ...] | LIST [FILTERBY PATTERN p | ACLCAT c | MODULE m] |
 * GETKEYS cmd args... | HELP], describing the commands of the port the connection came in on.
 */
final class CommandHandlerImpl implements CommandHandler {
    private static final byte[] COUNT = "COUNT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "INFO".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOCS = "DOCS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIST = "LIST".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELP = "HELP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GETKEYS = "GETKEYS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILTERBY = "FILTERBY".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PATTERN = "PATTERN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACLCAT = "ACLCAT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MODULE = "MODULE".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        CommandRegistry registry = ctx.registry();
        if (args.count() == 1) {
            reply.arrayHeader(registry.size());
            registry.specs().forEach(spec -> CommandDescriber.info(spec, reply));
        } else if (args.equalsIgnoreCase(1, COUNT) && args.count() == 2) {
            reply.integer(registry.size());
        } else if (args.equalsIgnoreCase(1, INFO)) {
            info(registry, args, reply);
        } else if (args.equalsIgnoreCase(1, DOCS)) {
            docs(registry, args, reply);
        } else if (args.equalsIgnoreCase(1, LIST)) {
            list(registry, args, reply);
        } else if (args.equalsIgnoreCase(1, GETKEYS) && args.count() >= 4) {
            getKeys(registry, args, reply);
        } else if (args.equalsIgnoreCase(1, HELP) && args.count() == 2) {
            reply.arrayHeader(6);
            reply.simpleString("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            reply.simpleString("(no subcommand) COUNT");
            reply.simpleString("INFO [<command-name> ...]");
            reply.simpleString("DOCS [<command-name> ...]");
            reply.simpleString("LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]");
            reply.simpleString("GETKEYS <full-command>");
        } else if (args.equalsIgnoreCase(1, COUNT) || args.equalsIgnoreCase(1, HELP)
            || args.equalsIgnoreCase(1, GETKEYS)) {
            reply.error(RespError.wrongArity("command|" + args.string(1).toLowerCase(java.util.Locale.ROOT)));
        } else {
            reply.error(RespError.unknownSubcommand(args.string(1), "command"));
        }
    }

    private static void info(CommandRegistry registry, RespArgs args, ReplyWriter reply) {
        if (args.count() == 2) {
            reply.arrayHeader(registry.size());
            registry.specs().forEach(spec -> CommandDescriber.info(spec, reply));
            return;
        }
        reply.arrayHeader(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            CommandSpec spec = lookup(registry, args.string(i));
            if (spec == null) {
                reply.nullBulk(); // Redis's null: $-1 in RESP2, _ in RESP3
            } else {
                CommandDescriber.info(spec, reply);
            }
        }
    }

    private static void docs(CommandRegistry registry, RespArgs args, ReplyWriter reply) {
        List<CommandSpec> specs = new ArrayList<>();
        if (args.count() == 2) {
            specs.addAll(registry.specs());
        } else {
            for (int i = 2; i < args.count(); i++) {
                CommandSpec spec = lookup(registry, args.string(i));
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        reply.mapHeader(specs.size());
        for (CommandSpec spec : specs) {
            reply.bulk(spec.name());
            CommandDescriber.docs(spec, reply);
        }
    }

    private static void list(CommandRegistry registry, RespArgs args, ReplyWriter reply) {
        String pattern = null;
        String category = null;
        boolean module = false;
        if (args.count() == 5 && args.equalsIgnoreCase(2, FILTERBY)) {
            if (args.equalsIgnoreCase(3, PATTERN)) {
                pattern = args.string(4);
            } else if (args.equalsIgnoreCase(3, ACLCAT)) {
                category = args.string(4);
            } else if (args.equalsIgnoreCase(3, MODULE)) {
                module = true;
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        } else if (args.count() != 2) {
            reply.error(RespError.SYNTAX);
            return;
        }
        List<String> names = new ArrayList<>();
        if (!module) {
            for (CommandSpec spec : registry.specs()) {
                addIfMatches(names, spec, pattern, category);
                for (CommandSpec sub : spec.subcommands()) {
                    addIfMatches(names, sub, pattern, category);
                }
            }
        }
        reply.arrayHeader(names.size());
        names.forEach(reply::bulk);
    }

    private static void addIfMatches(List<String> names, CommandSpec spec, String pattern, String category) {
        if (pattern != null && !Glob.matches(pattern, spec.name(), true)) {
            return;
        }
        if (category != null && !category.equalsIgnoreCase(spec.group())) {
            return;
        }
        names.add(spec.name());
    }

    private static void getKeys(CommandRegistry registry, RespArgs args, ReplyWriter reply) {
        CommandSpec spec = registry.find(args, 2);
        if (spec == null) {
            reply.error("ERR Invalid command specified");
            return;
        }
        if (spec.firstKey() == 0) {
            reply.error("ERR The command has no key arguments");
            return;
        }
        int argc = args.count() - 2;
        if (!spec.arityAccepts(argc)) {
            reply.error("ERR Invalid number of arguments specified for command");
            return;
        }
        int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
        List<Integer> positions = new ArrayList<>();
        for (int k = spec.firstKey(); k <= last && k < argc; k += Math.max(1, spec.keyStep())) {
            positions.add(k);
        }
        reply.arrayHeader(positions.size());
        for (int k : positions) {
            reply.bulk(args.bytes(k + 2));
        }
    }

    private static CommandSpec lookup(CommandRegistry registry, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return registry.find(name);
        }
        CommandSpec container = registry.find(name.substring(0, bar));
        if (container == null) {
            return null;
        }
        String full = name.toLowerCase(java.util.Locale.ROOT);
        for (CommandSpec sub : container.subcommands()) {
            if (sub.name().equals(full)) {
                return sub;
            }
        }
        return null;
    }
}
