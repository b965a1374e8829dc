package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment | OVERFLOW WRAP | SAT | FAIL]
 * ..., and BITFIELD_RO key [GET type offset ...]. Every operation is parsed before any runs; a parse error runs none.
 * With a SET or INCRBY the string is created or grown with zero bytes to hold the farthest field written, before
 * the operations run (so even one refused by OVERFLOW FAIL leaves it grown, as in Redis). Replies one element per
 * GET, SET (the old value) and INCRBY (the new value), nil for an operation refused by OVERFLOW FAIL.
 */
final class BitFieldHandler implements KeyspaceHandler {
    private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INCRBY = "INCRBY".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OVERFLOW = "OVERFLOW".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP = "WRAP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SAT = "SAT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "FAIL".getBytes(StandardCharsets.US_ASCII);

    private enum Kind { GET, SET, INCRBY }

    enum Overflow { WRAP, SAT, FAIL }

    private record Op(Kind kind, int width, boolean signed, long offset, long value, Overflow overflow) {
    }

    private final boolean readOnly;

    BitFieldHandler(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        List<Op> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        long farthest = -1; // the last bit a SET or INCRBY writes
        long nearest = Long.MAX_VALUE; // the first
        int n = args.count();
        for (int j = 2; j < n; j++) {
            int left = n - j - 1;
            Kind kind;
            if (args.equalsIgnoreCase(j, GET) && left >= 2) {
                kind = Kind.GET;
            } else if (args.equalsIgnoreCase(j, SET) && left >= 3) {
                kind = Kind.SET;
            } else if (args.equalsIgnoreCase(j, INCRBY) && left >= 3) {
                kind = Kind.INCRBY;
            } else if (args.equalsIgnoreCase(j, OVERFLOW) && left >= 1) {
                j++;
                if (args.equalsIgnoreCase(j, WRAP)) {
                    overflow = Overflow.WRAP;
                } else if (args.equalsIgnoreCase(j, SAT)) {
                    overflow = Overflow.SAT;
                } else if (args.equalsIgnoreCase(j, FAIL)) {
                    overflow = Overflow.FAIL;
                } else {
                    reply.error("ERR Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
            int type = BitArgs.fieldType(args, j + 1);
            if (type == 0) {
                reply.error(BitArgs.BAD_TYPE);
                return;
            }
            int width = Math.abs(type);
            long offset = BitArgs.offset(args, j + 2, width);
            if (offset < 0) {
                reply.error(Bits.BAD_OFFSET);
                return;
            }
            long value = 0;
            if (kind != Kind.GET) {
                farthest = Math.max(farthest, offset + width - 1);
                nearest = Math.min(nearest, offset);
                long[] p = new long[1];
                if (!args.tryParseLong(j + 3, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
                value = p[0];
            }
            ops.add(new Op(kind, width, type < 0, offset, value, overflow));
            j += kind == Kind.GET ? 2 : 3;
        }
        byte[] key = args.bytes(1);
        byte[] bytes;
        if (farthest < 0) {
            StringValue v = StringStore.read(ctx.shard(), key, ctx.nowMs());
            bytes = v == null ? new byte[0] : v.array(); // past the string: room of zeros, read as Redis reads it
        } else {
            if (readOnly) {
                reply.error("ERR BITFIELD_RO only supports the GET subcommand");
                return;
            }
            Entry e = StringStore.writable(ctx.shard(), key, ctx.nowMs());
            int needed = (int) (farthest >>> 3) + 1;
            if (e == null) {
                bytes = new byte[needed];
                run(ops, bytes, reply);
                ctx.shard().put(key, new StringValue(bytes, true), -1, ctx.nowMs());
                ctx.shard().changedRange(nearest >>> 3, needed);
                return;
            }
            StringValue current = (StringValue) e.value();
            int oldLength = current.length();
            // in place, growing with room when a field is past the end (see StringValue)
            StringValue updated = current.asRaw();
            updated.growTo(needed);
            run(ops, updated.array(), reply);
            ctx.shard().replace(e, updated);
            ctx.shard().changedRange(Math.min(nearest >>> 3, oldLength), needed); // the zeros past the old end too
            return;
        }
        run(ops, bytes, reply);
    }

    /** Runs the operations in order on {@code bytes} (which holds every field written) and writes the reply. */
    private static void run(List<Op> ops, byte[] bytes, ReplyWriter reply) {
        reply.arrayHeader(ops.size());
        for (Op op : ops) {
            long old = Bits.readField(bytes, op.offset, op.width, op.signed);
            if (op.kind == Kind.GET) {
                reply.integer(old);
                continue;
            }
            long[] result = new long[1];
            boolean fits = op.signed
                ? signedResult(op.kind == Kind.SET ? op.value : old, op.kind == Kind.SET ? 0 : op.value, op.width,
                    op.overflow, result)
                : unsignedResult(op.kind == Kind.SET ? op.value : old, op.kind == Kind.SET ? 0 : op.value, op.width,
                    op.overflow, result);
            if (!fits) {
                reply.nullBulk();
                continue;
            }
            Bits.writeField(bytes, op.offset, op.width, result[0]);
            reply.integer(op.kind == Kind.SET ? old : result[0]);
        }
    }

    /**
     * {@code base + delta} as a signed {@code width}-bit value into {@code out}, wrapped or saturated when it does not
     * fit; false when it does not fit and the policy is FAIL.
     */
    static boolean signedResult(long base, long delta, int width, Overflow overflow, long[] out) {
        long max = width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        long min = -max - 1;
        long sum = base + delta; // wraps modulo 2^64, which WRAP below keeps
        boolean sumOverflows = ((base ^ sum) & (delta ^ sum)) < 0;
        int direction; // 1 too large, -1 too small, 0 fits
        if (sumOverflows) {
            direction = delta > 0 ? 1 : -1;
        } else {
            direction = sum > max ? 1 : sum < min ? -1 : 0;
        }
        if (direction == 0) {
            out[0] = sum;
            return true;
        }
        switch (overflow) {
            case WRAP -> out[0] = width == 64 ? sum : sum << (64 - width) >> (64 - width);
            case SAT -> out[0] = direction > 0 ? max : min;
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code base + delta} as an unsigned {@code width}-bit value (width up to 63), {@code base} read as unsigned
     * 64-bit (a negative SET value is a large one, as in Redis); wrapped or saturated when it does not fit; false when
     * it does not fit and the policy is FAIL.
     */
    static boolean unsignedResult(long base, long delta, int width, Overflow overflow, long[] out) {
        long max = (1L << width) - 1;
        int direction;
        if (Long.compareUnsigned(base, max) > 0) {
            direction = 1;
        } else if (delta > 0 && delta > max - base) {
            direction = 1;
        } else if (delta < 0 && delta < -base) {
            direction = -1;
        } else {
            direction = 0;
        }
        long sum = base + delta;
        if (direction == 0) {
            out[0] = sum;
            return true;
        }
        switch (overflow) {
            case WRAP -> out[0] = sum & max;
            case SAT -> out[0] = direction > 0 ? max : 0;
            default -> {
                return false;
            }
        }
        return true;
    }
}
