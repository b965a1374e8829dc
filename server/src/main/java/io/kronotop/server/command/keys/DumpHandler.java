package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.DumpFormat;

/** DUMP key: the value in Kronotop's checksummed format, or null. */
final class DumpHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().read(args.bytes(1), ctx.nowMs());
        if (e == null) {
            reply.nullBulk();
        } else {
            reply.bulk(DumpFormat.dump(e.value()));
        }
    }
}
