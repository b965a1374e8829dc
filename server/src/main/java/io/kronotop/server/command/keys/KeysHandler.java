package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandContext.FanOut;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.command.ScanOptions;

import java.util.ArrayList;
import java.util.List;

/** KEYS pattern: every live key matching, gathered from every shard. */
final class KeysHandler implements CommandHandler {
    private final RedisShards shards;

    KeysHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ScanOptions match = new ScanOptions();
        match.pattern = new String(args.bytes(1), java.nio.charset.StandardCharsets.ISO_8859_1);
        long nowMs = ctx.nowMs();
        ctx.fanOut(shards, new FanOut<List<byte[]>>() {
            @Override
            public List<byte[]> onShard(RedisShard shard) {
                List<byte[]> keys = new ArrayList<>();
                shard.forEachLive(nowMs, e -> {
                    if (match.matches(e.key())) {
                        keys.add(e.key());
                    }
                });
                return keys;
            }

            @Override
            public void reply(List<List<byte[]>> results, ReplyWriter w) {
                int total = 0;
                for (List<byte[]> r : results) {
                    total += r.size();
                }
                w.arrayHeader(total);
                for (List<byte[]> r : results) {
                    for (byte[] k : r) {
                        w.bulk(k);
                    }
                }
            }
        });
    }
}
