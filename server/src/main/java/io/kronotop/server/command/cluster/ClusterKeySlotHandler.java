package io.kronotop.server.command.cluster;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.SlotHash;
import io.netty.buffer.ByteBuf;

/** CLUSTER KEYSLOT key: the key's hash slot (CRC16 of the key or of its {hash tag}, modulo 16384). */
final class ClusterKeySlotHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ByteBuf key = args.slice(2);
        reply.integer(SlotHash.slot(key, key.readerIndex(), key.readableBytes()));
    }
}
