package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ArgBytes;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]. */
final class SetHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        SetOptions o = new SetOptions().parse(args, 3, true, "set", ctx.nowMs());
        if (o.error != null) {
            reply.error(o.error);
            return;
        }
        RedisShard shard = ctx.shard();
        ArgBytes key = args.arg(1);
        Entry e = o.has(SetOptions.GET)
            ? shard.read(key.array(), key.offset(), key.length(), ctx.nowMs())
            : shard.lookup(key.array(), key.offset(), key.length(), ctx.nowMs());
        StringValue old = e != null && o.has(SetOptions.GET) ? StringStore.asString(e) : null;
        if (o.has(SetOptions.NX) && e != null || o.has(SetOptions.XX) && e == null) {
            if (o.has(SetOptions.GET) && old != null) {
                reply.bulk(old.array(), old.length());
            } else {
                reply.nullBulk();
            }
            return;
        }
        long expireAt = o.expires() ? o.deadlineMs : o.has(SetOptions.KEEPTTL) && e != null ? e.expireAtMs() : -1;
        byte[] newKey = e == null ? key.copy() : null;
        Entry stored = shard.put(e, newKey, new StringValue(args.bytes(2)), expireAt, ctx.nowMs());
        if (expireAt >= 0 && expireAt <= ctx.nowMs()) {
            shard.delete(stored); // an EXAT / PXAT in the past: set, then expired at once
        }
        if (!o.has(SetOptions.GET)) {
            reply.ok();
        } else if (old == null) {
            reply.nullBulk();
        } else {
            reply.bulk(old.array(), old.length());
        }
    }
}
