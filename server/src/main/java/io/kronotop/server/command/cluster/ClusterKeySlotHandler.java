package io.kronotop.server.command.cluster;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ArgBytes;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.SlotHash;

/** CLUSTER KEYSLOT key: the key's hash slot (CRC16 of the key or of its {hash tag}, modulo 16384). */
final class ClusterKeySlotHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ArgBytes key = args.arg(2);
        reply.integer(SlotHash.slot(key.array(), key.offset(), key.length()));
    }
}
