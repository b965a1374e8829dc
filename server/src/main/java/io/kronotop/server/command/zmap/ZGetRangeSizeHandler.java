package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGETRANGESIZE begin end: the metastore's estimate of the bytes stored in [begin, end). */
final class ZGetRangeSizeHandler implements CommandHandler {
    private final ZMapContext z;

    ZGetRangeSizeHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        RangeArgs r = RangeArgs.parse(args, false);
        z.runner().run(ctx, reply, tr -> z.store().rangeSize(tr, ns, snapshot, r.range), (size, out) -> out.integer(size));
    }
}
