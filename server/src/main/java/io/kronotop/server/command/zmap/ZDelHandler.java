package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZDEL key: clears a key; OK whether or not it existed. */
final class ZDelHandler implements CommandHandler {
    private final ZMapContext z;

    ZDelHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().clear(tr, ns, key), (v, out) -> out.ok());
    }
}
