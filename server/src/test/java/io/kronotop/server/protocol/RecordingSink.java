package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A {@link RequestSink} for tests: records a copy of every request and every protocol error, in order, and every
 * look-ahead. It checks each look-ahead against the requests delivered after it: the keys it announced must be
 * the second arguments of the next requests, in order (announced requests may also never come, after an error).
 */
final class RecordingSink implements RequestSink {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Each request as its arguments joined by '|' after escaping, or "ERROR:<message>" for a protocol error. */
    final List<String> events = new ArrayList<>();
    final List<List<byte[]>> requests = new ArrayList<>();
    final List<Boolean> inlineFlags = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    /** Each look-ahead as its keys joined by ','. */
    final List<String> lookAheads = new ArrayList<>();
    private final ArrayDeque<byte[]> announced = new ArrayDeque<>();
    private BiConsumer<ChannelHandlerContext, RespArgs> onRequest = (ctx, args) -> { };

    RecordingSink onRequest(BiConsumer<ChannelHandlerContext, RespArgs> action) {
        this.onRequest = action;
        return this;
    }

    @Override
    public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
        List<byte[]> copy = new ArrayList<>(args.count());
        for (int i = 0; i < args.count(); i++) {
            copy.add(args.bytes(i));
        }
        byte[] expected = announced.poll();
        if (expected != null && (copy.size() < 2 || !Arrays.equals(expected, copy.get(1)))) {
            throw new AssertionError("looked ahead at " + render(expected) + " but the request is " + render(copy));
        }
        requests.add(copy);
        inlineFlags.add(args.inline());
        events.add(render(copy));
        onRequest.accept(ctx, args);
    }

    @Override
    public void lookAhead(ByteBuf buf, int[] offsets, int[] lengths, int n) {
        announced.clear();
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = ByteBufUtil.getBytes(buf, offsets[i], lengths[i]);
            keys.add(key);
            announced.add(key);
        }
        lookAheads.add(String.join(",", keys.stream().map(RecordingSink::render).toList()));
    }

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, String message) {
        errors.add(message);
        events.add("ERROR:" + message);
    }

    static String render(List<byte[]> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            for (byte b : args.get(i)) {
                int v = b & 0xFF;
                if (v >= 0x20 && v < 0x7F && v != '|' && v != '\\') {
                    sb.append((char) v);
                } else {
                    sb.append("\\x").append(HEX[v >> 4]).append(HEX[v & 15]);
                }
            }
        }
        return sb.toString();
    }

    static String render(byte[]... args) {
        return render(List.of(args));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
