package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import java.util.Arrays;

/** RENAME key newkey and RENAMENX key newkey (both keys in one slot). */
final class RenameHandler implements KeyspaceHandler {
    private final boolean onlyNew;

    RenameHandler(boolean onlyNew) {
        this.onlyNew = onlyNew;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        byte[] source = args.bytes(1);
        byte[] target = args.bytes(2);
        Entry e = ctx.shard().lookup(source, ctx.nowMs());
        if (e == null) {
            reply.error("ERR no such key");
            return;
        }
        if (Arrays.equals(source, target)) {
            reply(reply, false);
            return;
        }
        Entry existing = ctx.shard().lookup(target, ctx.nowMs());
        if (existing != null) {
            if (onlyNew) {
                reply.integer(0);
                return;
            }
            ctx.shard().delete(existing);
        }
        ctx.shard().put(target, e.value(), e.expireAtMs(), ctx.nowMs());
        ctx.shard().delete(e);
        reply(reply, true);
    }

    private void reply(ReplyWriter reply, boolean renamed) {
        if (onlyNew) {
            reply.integer(renamed ? 1 : 0);
        } else {
            reply.ok();
        }
    }
}
