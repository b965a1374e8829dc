package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** LATENCY DOCTOR: no latency monitor runs, so there is nothing to analyse. */
final class LatencyDoctorHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.verbatim("txt", "Kronotop does not sample latency events; see INFO commandstats and the reactors "
            + "section of INFO for per-command and per-reactor timings.\n");
    }
}
