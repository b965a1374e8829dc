package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.ClientPause;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT PAUSE timeout [WRITE|ALL]: holds back the client port's commands (ALL, the default) or those that change
 * data (WRITE) for {@code timeout} milliseconds, or until CLIENT UNPAUSE. Redis 7.0's rules and replies; the
 * administration port is never paused, so an operator can always end a pause there.
 */
final class ClientPauseHandler implements CommandHandler {
    private static final byte[] WRITE = "WRITE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALL = "ALL".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 4) {
            reply.error("ERR unknown subcommand or wrong number of arguments for '" + args.string(1)
                + "'. Try CLIENT HELP.");
            return;
        }
        long[] timeout = new long[1];
        if (!args.tryParseLong(2, timeout, 0)) {
            reply.error("ERR timeout is not an integer or out of range");
            return;
        }
        if (timeout[0] < 0) {
            reply.error("ERR timeout is negative");
            return;
        }
        if (timeout[0] > Long.MAX_VALUE - ctx.nowMs()) {
            // Redis 7.2's reply; 7.0's end overflowed, and the pause ended at once
            reply.error("ERR timeout is out of range");
            return;
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (args.count() == 4) {
            if (args.equalsIgnoreCase(3, WRITE)) {
                mode = ClientPause.Mode.WRITE;
            } else if (!args.equalsIgnoreCase(3, ALL)) {
                reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        ctx.server().clientPause().pause(timeout[0], mode, ctx.reactor());
        reply.ok();
    }
}
