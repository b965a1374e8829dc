package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZSET key value: sets a key in the session's namespace. */
final class ZSetHandler implements CommandHandler {
    private final ZMapContext z;

    ZSetHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        byte[] value = args.bytes(2);
        z.runner().run(ctx, reply, tr -> z.store().set(tr, ns, key, value), (v, out) -> out.ok());
    }
}
