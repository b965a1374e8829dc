package io.kronotop.server.command.zmap;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZDELRANGE begin end: clears [begin, end); {@code *} is the start or the end of the namespace's ZMap. */
final class ZDelRangeHandler implements CommandHandler {
    private final ZMapContext z;

    ZDelRangeHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        byte[] begin = RangeArgs.bound(args, 1);
        byte[] end = RangeArgs.bound(args, 2);
        z.runner().run(ctx, reply, tr -> z.store().clearRange(tr, ns, begin, end), (v, out) -> out.ok());
    }
}
