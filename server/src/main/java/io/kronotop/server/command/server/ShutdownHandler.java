package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: stops the server gracefully, as SIGTERM does. No new connections
 * are taken, replies in flight are finished, and every REDIS shard's pending changes are written and synced before
 * the volumes close, so nothing acknowledged is lost in async mode either. Like Redis, which flushes its AOF whatever
 * the options, NOSAVE does not skip that: the volumes are the dataset, not a snapshot beside it. NOW and FORCE are
 * accepted (there are no replicas to wait for, and a failing flush is logged, not a reason to keep running). The
 * connection gets no reply: it is closed, as Redis closes it. ABORT answers that no shutdown is in progress, since a
 * shutdown starts at once.
 */
final class ShutdownHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHandler.class);
    private static final byte[] NOSAVE = "NOSAVE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SAVE = "SAVE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOW = "NOW".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORCE = "FORCE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABORT = "ABORT".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean nosave = false;
        boolean save = false;
        boolean abort = false;
        for (int i = 1; i < args.count(); i++) {
            if (args.equalsIgnoreCase(i, NOSAVE)) {
                nosave = true;
            } else if (args.equalsIgnoreCase(i, SAVE)) {
                save = true;
            } else if (args.equalsIgnoreCase(i, ABORT)) {
                abort = true;
            } else if (!args.equalsIgnoreCase(i, NOW) && !args.equalsIgnoreCase(i, FORCE)) {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        if (nosave && save || abort && args.count() > 2) {
            reply.error(RespError.SYNTAX);
            return;
        }
        if (abort) {
            reply.error("ERR No shutdown in progress.");
            return;
        }
        LOG.info("SHUTDOWN from client {}: stopping", ctx.session().id());
        if (!ctx.server().requestShutdown()) {
            reply.error("ERR Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        ctx.closeAfterReply();
    }
}
