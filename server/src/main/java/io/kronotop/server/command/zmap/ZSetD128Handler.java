package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZSET.D128 key decimal: stores an IEEE-754 decimal128 (BID, 16 little-endian bytes), 34 digits. */
final class ZSetD128Handler implements CommandHandler {
    private final ZMapContext z;

    ZSetD128Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] value = ZValues.d128(args.string(2));
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().set(tr, ns, key, value), (v, r) -> r.ok());
    }
}
