package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.DumpFormat;
import io.kronotop.server.redis.RedisValue;

import java.nio.charset.StandardCharsets;

/** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], with Redis's checks. */
final class RestoreHandler implements KeyspaceHandler {
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IDLETIME = "IDLETIME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FREQ = "FREQ".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        long[] p = new long[1];
        for (int j = 4; j < args.count(); j++) {
            boolean more = j + 1 < args.count();
            if (args.equalsIgnoreCase(j, REPLACE)) {
                replace = true;
            } else if (args.equalsIgnoreCase(j, ABSTTL)) {
                absTtl = true;
            } else if (more && freq == -1 && args.equalsIgnoreCase(j, IDLETIME)) {
                if (!args.tryParseLong(++j, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
                if (p[0] < 0) {
                    reply.error("ERR Invalid IDLETIME value, must be >= 0");
                    return;
                }
                idle = p[0];
            } else if (more && idle == -1 && args.equalsIgnoreCase(j, FREQ)) {
                if (!args.tryParseLong(++j, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
                if (p[0] < 0 || p[0] > 255) {
                    reply.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
                freq = p[0];
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        byte[] key = args.bytes(1);
        Entry existing = ctx.shard().lookup(key, ctx.nowMs());
        if (!replace && existing != null) {
            reply.error("BUSYKEY Target key name already exists.");
            return;
        }
        if (!args.tryParseLong(2, p, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        long ttl = p[0];
        if (ttl < 0) {
            reply.error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        byte[] payload = args.bytes(3);
        if (!DumpFormat.verify(payload)) {
            reply.error("ERR DUMP payload version or checksum are wrong");
            return;
        }
        RedisValue value = DumpFormat.load(payload);
        if (value == null) {
            reply.error("ERR Bad data format");
            return;
        }
        if (ttl > 0 && !absTtl) {
            ttl += ctx.nowMs();
        }
        if (existing != null) {
            ctx.shard().delete(existing);
        }
        if (ttl > 0 && ttl <= ctx.nowMs()) {
            reply.ok();
            return;
        }
        Entry e = ctx.shard().put(key, value, ttl > 0 ? ttl : -1, ctx.nowMs());
        if (idle >= 0) {
            e.touch(ctx.nowMs() - idle * 1000);
        }
        reply.ok();
    }
}
