package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGET.I64, ZGET.F64 and ZGET.D128 key: the stored value in its type's reply form, or nil. */
final class ZGetTypedHandler implements CommandHandler {
    private final ZMapContext z;
    private final ZType type;

    ZGetTypedHandler(ZMapContext z, ZType type) {
        this.z = z;
        this.type = type;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().get(tr, ns, snapshot, key), type::reply);
    }
}
