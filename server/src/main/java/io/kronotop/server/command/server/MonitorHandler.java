package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.Monitors;
import io.kronotop.server.session.Session;

/**
 * MONITOR: from now on the connection receives a line for every command the server runs (see {@link Monitors}),
 * until RESET or until it closes. As in Redis, a monitor may still send commands that do not touch the keyspace
 * (PING, QUIT, RESET, INFO...); a second MONITOR is ignored without a reply.
 */
final class MonitorHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (!ctx.canBlock()) {
            reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client"); // queued in MULTI, as in Redis
            return;
        }
        Session session = ctx.session();
        if (session.monitoring()) {
            return;
        }
        Monitors monitors = ctx.server().monitors();
        Monitors.Sink sink = ctx.monitorSink();
        monitors.add(sink);
        session.startMonitoring(() -> monitors.remove(sink));
        reply.ok();
    }
}
