package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGET key: the value, or nil. Honours SNAPSHOTREAD. */
final class ZGetHandler implements CommandHandler {
    private final ZMapContext z;

    ZGetHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().get(tr, ns, snapshot, key), (value, out) -> {
            if (value == null) {
                out.nullBulk();
            } else {
                out.bulk(value);
            }
        });
    }
}
