package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Saves;

import java.nio.charset.StandardCharsets;

/**
 * SAVE, BGSAVE [SCHEDULE] and LASTSAVE (see {@link Saves}). The persisted dataset is the shards' volumes, so a save
 * writes no snapshot: it makes every write acknowledged before it durable, which in async mode is what the end of
 * the current window would have done. Unlike Redis's, a SAVE blocks only its own connection, and runs even while a
 * background save does.
 */
final class SaveCommands {
    private static final byte[] SCHEDULE = "SCHEDULE".getBytes(StandardCharsets.US_ASCII);

    private SaveCommands() {
    }

    /** SAVE: replies once the save is durable. */
    static CommandHandler save(Saves saves) {
        return (ctx, args, reply) -> ctx.await(saves.save(), (ignored, failure, w) -> {
            if (failure != null) {
                w.error("ERR the save failed, some acknowledged writes are not durable yet: " + why(failure));
            } else {
                w.ok();
            }
        });
    }

    /** BGSAVE [SCHEDULE]: replies at once; LASTSAVE and INFO persistence tell when it is done. */
    static CommandHandler bgsave(Saves saves) {
        return new CommandHandler() {
            @Override
            public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
                boolean schedule = args.count() == 2;
                if (args.count() > 2 || schedule && !args.equalsIgnoreCase(1, SCHEDULE)) {
                    reply.error(RespError.SYNTAX);
                    return;
                }
                switch (saves.background(schedule)) {
                    case STARTED -> reply.simpleString("Background saving started");
                    case SCHEDULED -> reply.simpleString("Background saving scheduled");
                    case ALREADY_RUNNING -> reply.error("ERR Background save already in progress");
                }
            }
        };
    }

    /** LASTSAVE: Unix seconds of the last successful save (the server's start before the first). */
    static CommandHandler lastsave(Saves saves) {
        return (ctx, args, reply) -> reply.integer(saves.lastSaveSeconds());
    }

    /** The failure on one line ({@link CommandContext#await} has unwrapped it already). */
    private static String why(Throwable failure) {
        String text = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
