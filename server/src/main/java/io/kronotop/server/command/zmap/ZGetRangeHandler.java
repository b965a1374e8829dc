package io.kronotop.server.command.zmap;

import com.apple.foundationdb.KeyValue;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * ZGETRANGE begin end [LIMIT n] [REVERSE] [BEGIN_KEY_SELECTOR s] [END_KEY_SELECTOR s]: an array of
 * [key, value] pairs, at most 100 unless LIMIT says otherwise (0 means no limit).
 */
final class ZGetRangeHandler implements CommandHandler {
    private final ZMapContext z;

    ZGetRangeHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        RangeArgs r = RangeArgs.parse(args, true);
        z.runner().run(ctx, reply, tr -> z.store().getRange(tr, ns, snapshot, r.range, r.limit, r.reverse),
            (pairs, out) -> {
                out.arrayHeader(pairs.size());
                for (KeyValue kv : pairs) {
                    out.arrayHeader(2);
                    out.bulk(kv.getKey());
                    out.bulk(kv.getValue());
                }
            });
    }
}
