package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import java.nio.charset.StandardCharsets;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGETKEY key [KEY_SELECTOR s]: the key a selector picks (default FIRST_GREATER_OR_EQUAL), or nil. */
final class ZGetKeyHandler implements CommandHandler {
    private static final byte[] KEY_SELECTOR = "KEY_SELECTOR".getBytes(StandardCharsets.US_ASCII);
    private final ZMapContext z;

    ZGetKeyHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Selector selector = Selector.FIRST_GREATER_OR_EQUAL;
        if (args.count() == 4 && args.equalsIgnoreCase(2, KEY_SELECTOR)) {
            selector = Selector.parse(args, 3);
            if (selector == null) {
                reply.error("ERR Invalid key selector: " + args.string(3));
                return;
            }
        } else if (args.count() != 2) {
            reply.error(RespError.SYNTAX);
            return;
        }
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        byte[] key = args.bytes(1);
        Selector s = selector;
        z.runner().run(ctx, reply, tr -> z.store().getKey(tr, ns, snapshot, key, s), (found, out) -> {
            if (found == null) {
                out.nullBulk();
            } else {
                out.bulk(found);
            }
        });
    }
}
