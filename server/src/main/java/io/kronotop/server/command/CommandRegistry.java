package io.kronotop.server.command;

import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The commands one port serves. Built at start, read-only afterwards, so reactors share it without locks.
 * Lookup hashes the argument's bytes case-insensitively and allocates nothing.
 */
public final class CommandRegistry {
    private final List<CommandSpec> specs = new ArrayList<>();
    private Table table = new Table(16);

    /** Adds a command; a duplicate name is a programming error. */
    public CommandRegistry add(CommandSpec spec) {
        if (find(spec.name()) != null) {
            throw new IllegalStateException("command registered twice: " + spec.name());
        }
        specs.add(spec);
        table = Table.of(specs);
        return this;
    }

    /** Every top-level command, in registration order. */
    public List<CommandSpec> specs() {
        return Collections.unmodifiableList(specs);
    }

    public int size() {
        return specs.size();
    }

    /** The command named by argument {@code index} of {@code args}, or null. */
    public CommandSpec find(RespArgs args, int index) {
        return table.find(args, index);
    }

    /** The command called {@code name} (any case), or null. */
    public CommandSpec find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CommandSpec spec : specs) {
            if (spec.name().equals(lower)) {
                return spec;
            }
        }
        return null;
    }

    /** The subcommand of {@code container} named by argument {@code index}, or null. */
    public static CommandSpec findSubcommand(CommandSpec container, RespArgs args, int index) {
        List<CommandSpec> subs = container.subcommands();
        int length = args.length(index);
        for (int s = 0; s < subs.size(); s++) {
            CommandSpec sub = subs.get(s);
            String name = sub.name();
            int offset = name.indexOf('|') + 1;
            if (name.length() - offset == length && equalsLower(args, index, name, offset)) {
                return sub;
            }
        }
        return null;
    }

    private static boolean equalsLower(RespArgs args, int index, String lower, int offset) {
        int length = args.length(index);
        for (int j = 0; j < length; j++) {
            if (toLower(args.byteAt(index, j)) != lower.charAt(offset + j)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF;
    }

    /** Open addressing over lower-case ASCII names. */
    private static final class Table {
        private final byte[][] names;
        private final CommandSpec[] values;
        private final int mask;

        private Table(int capacity) {
            names = new byte[capacity][];
            values = new CommandSpec[capacity];
            mask = capacity - 1;
        }

        static Table of(List<CommandSpec> specs) {
            int capacity = Integer.highestOneBit(Math.max(16, specs.size() * 4) - 1) << 1;
            Table table = new Table(capacity);
            for (CommandSpec spec : specs) {
                byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
                int slot = hash(name) & table.mask;
                while (table.names[slot] != null) {
                    slot = (slot + 1) & table.mask;
                }
                table.names[slot] = name;
                table.values[slot] = spec;
            }
            return table;
        }

        CommandSpec find(RespArgs args, int index) {
            int length = args.length(index);
            if (length == 0 || length > 64) {
                return null;
            }
            int h = 0;
            for (int j = 0; j < length; j++) {
                h = 31 * h + toLower(args.byteAt(index, j));
            }
            int slot = mix(h) & mask;
            while (names[slot] != null) {
                byte[] name = names[slot];
                if (name.length == length && matches(name, args, index)) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        private static boolean matches(byte[] name, RespArgs args, int index) {
            for (int j = 0; j < name.length; j++) {
                if (name[j] != toLower(args.byteAt(index, j))) {
                    return false;
                }
            }
            return true;
        }

        private static int hash(byte[] lowerName) {
            int h = 0;
            for (byte b : lowerName) {
                h = 31 * h + (b & 0xFF);
            }
            return mix(h);
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }
    }
}
