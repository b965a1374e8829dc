package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Splits an inline command line into arguments with Redis's {@code sdssplitargs} rules, unescaping them into a
 * scratch buffer it owns: blanks separate arguments; {@code "double quotes"} understand {@code \n \r \t \b \a
 * \\ \" \xHH} (any other escaped character stands for itself); {@code 'single quotes'} understand only
 * {@code \'}; a closing quote must be followed by a blank or the end of the line. As in Redis, whose line is a C
 * string, a NUL byte ends the line. One per decoder; event-loop thread only.
 */
final class InlineSplitter {
    private static final int KEEP_SCRATCH_BYTES = 64 * 1024;

    private ByteBuf scratch;

    /**
     * Splits {@code src[from, to)} into {@code args}, which then point into the scratch buffer.
     *
     * @return false on unbalanced quotes (args are then unspecified)
     */
    boolean split(ChannelHandlerContext ctx, ByteBuf src, int from, int to, RespArgs args) {
        int nul = src.indexOf(from, to, (byte) 0);
        int end = nul >= 0 ? nul : to;
        ByteBuf out = scratch(ctx, end - from);
        args.reset(out, true);
        int p = from;
        for (;;) {
            while (p < end && isSpace(src.getByte(p))) {
                p++;
            }
            if (p >= end) {
                return true;
            }
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            int start = out.writerIndex();
            while (!done) {
                boolean atEnd = p >= end;
                byte c = atEnd ? 0 : src.getByte(p);
                if (inDoubleQuotes) {
                    if (c == '\\' && p + 3 < end && src.getByte(p + 1) == 'x'
                            && isHex(src.getByte(p + 2)) && isHex(src.getByte(p + 3))) {
                        out.writeByte(hex(src.getByte(p + 2)) * 16 + hex(src.getByte(p + 3)));
                        p += 3;
                    } else if (c == '\\' && p + 1 < end) {
                        p++;
                        byte e = src.getByte(p);
                        out.writeByte(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (p + 1 < end && !isSpace(src.getByte(p + 1))) {
                            return false;
                        }
                        done = true;
                    } else if (atEnd) {
                        return false;
                    } else {
                        out.writeByte(c);
                    }
                } else if (inSingleQuotes) {
                    if (c == '\\' && p + 1 < end && src.getByte(p + 1) == '\'') {
                        p++;
                        out.writeByte('\'');
                    } else if (c == '\'') {
                        if (p + 1 < end && !isSpace(src.getByte(p + 1))) {
                            return false;
                        }
                        done = true;
                    } else if (atEnd) {
                        return false;
                    } else {
                        out.writeByte(c);
                    }
                } else if (atEnd || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    done = true;
                } else if (c == '"') {
                    inDoubleQuotes = true;
                } else if (c == '\'') {
                    inSingleQuotes = true;
                } else {
                    out.writeByte(c);
                }
                if (p < end) {
                    p++;
                }
            }
            args.add(start, out.writerIndex() - start);
        }
    }

    /** A cleared scratch buffer with room for {@code bytes}; a new one when a retained slice still views the old. */
    private ByteBuf scratch(ChannelHandlerContext ctx, int bytes) {
        ByteBuf buf = scratch;
        boolean oversized = buf != null && buf.capacity() > KEEP_SCRATCH_BYTES && bytes <= KEEP_SCRATCH_BYTES;
        if (buf != null && (buf.refCnt() != 1 || oversized)) {
            scratch = null;
            buf.release();
            buf = null;
        }
        if (buf == null) {
            buf = ctx.alloc().buffer(Math.max(bytes, 64));
            scratch = buf;
        }
        buf.clear();
        buf.ensureWritable(bytes);
        return buf;
    }

    void release() {
        if (scratch != null) {
            ByteBuf buf = scratch;
            scratch = null;
            buf.release();
        }
    }

    /** C {@code isspace} in the "C" locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b <= '9') {
            return b - '0';
        }
        return (b | 0x20) - 'a' + 10;
    }
}
