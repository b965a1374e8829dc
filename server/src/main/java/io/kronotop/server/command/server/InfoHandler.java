package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** INFO [section ...]: default, all, everything, or named sections (unknown names add nothing). */
final class InfoHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Set<String> sections = new HashSet<>();
        if (args.count() == 1) {
            sections.addAll(InfoReport.DEFAULT_SECTIONS);
        }
        for (int i = 1; i < args.count(); i++) {
            String name = args.string(i).toLowerCase(Locale.ROOT);
            switch (name) {
                case "default" -> sections.addAll(InfoReport.DEFAULT_SECTIONS);
                case "all", "everything" -> sections.addAll(InfoReport.ALL_SECTIONS);
                default -> sections.add(name);
            }
        }
        reply.verbatim("txt", InfoReport.build(ctx.server(), sections, ctx.nowMs()));
    }
}
