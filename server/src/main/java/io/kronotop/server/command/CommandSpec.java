package io.kronotop.server.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A command's declaration, made once at registration and used for dispatch checks, COMMAND INFO/DOCS
 * and later routing.
 *
 * @param name        lower-case name; {@code container|sub} for a subcommand
 * @param arity       Redis arity: exact count including the name, or negative for "at least -arity"
 * @param flags       dispatcher and COMMAND INFO flags
 * @param firstKey    position of the first key argument, 0 when none
 * @param lastKey     position of the last key argument; negative counts from the end
 * @param keyStep     step between keys
 * @param group       documentation group, e.g. {@code connection}
 * @param summary     one line for COMMAND DOCS
 * @param since       version that introduced it
 * @param syntax      arguments after the name, for docs and hints
 * @param handler     the implementation; null for a container whose subcommands have handlers
 * @param subcommands subcommand specs, empty when none
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                          String group, String summary, String since, String syntax, CommandHandler handler,
                          List<CommandSpec> subcommands) {

    public CommandSpec {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        subcommands = List.copyOf(subcommands);
    }

    /**
     * A command without keys. {@code flags} is a space-separated list of {@link CommandFlag} names
     * (case-insensitive), e.g. {@code "fast no_auth"}.
     */
    public static CommandSpec of(String name, int arity, String flags, String group, String syntax, String summary,
                                 CommandHandler handler) {
        return new CommandSpec(name.toLowerCase(Locale.ROOT), arity, parseFlags(flags), 0, 0, 0, group, summary,
            "0.1.0", syntax, handler, List.of());
    }

    /** A command with keys at {@code firstKey..lastKey} every {@code keyStep}. */
    public static CommandSpec withKeys(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                                       String group, String syntax, String summary, CommandHandler handler) {
        return new CommandSpec(name.toLowerCase(Locale.ROOT), arity, parseFlags(flags), firstKey, lastKey, keyStep,
            group, summary, "0.1.0", syntax, handler, List.of());
    }

    /** A container such as CLIENT whose first argument selects a subcommand. */
    public static CommandSpec container(String name, String flags, String group, String summary,
                                        List<CommandSpec> subcommands) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<CommandSpec> subs = subcommands.stream()
            .map(sub -> new CommandSpec(lower + "|" + sub.name(), sub.arity(), sub.flags(), sub.firstKey(),
                sub.lastKey(), sub.keyStep(), group, sub.summary(), sub.since(), sub.syntax(), sub.handler(),
                List.of()))
            .toList();
        return new CommandSpec(lower, -2, parseFlags(flags), 0, 0, 0, group, summary, "0.1.0",
            "<subcommand> [arguments]", null, subs);
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** True when {@code argc} (the name included) fits the arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** The part after '|' for a subcommand, else the name. */
    public String shortName() {
        int bar = name.indexOf('|');
        return bar < 0 ? name : name.substring(bar + 1);
    }

    private static Set<CommandFlag> parseFlags(String text) {
        EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                set.add(CommandFlag.valueOf(word.toUpperCase(Locale.ROOT)));
            }
        }
        return set;
    }
}
