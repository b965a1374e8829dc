package io.kronotop.server.command;

import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * One command. Runs on the connection's reactor thread, after the dispatcher checked arity, authentication
 * and the port; never blocks (anything that waits goes through {@link CommandContext#offload}).
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * @param args  the request, valid only during the call
     * @param reply where the reply goes; exactly one reply per call unless the work was offloaded
     */
    void execute(CommandContext ctx, RespArgs args, ReplyWriter reply);
}
