package io.kronotop.server.zmap;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects any reply: bulk and simple strings as String (ISO-8859-1, so each byte is one char and binary
 * replies such as versionstamps keep their length), integers as Long, doubles as Double, booleans,
 * arrays, sets and maps as (flat) Lists, nil as null.
 */
final class AnyOutput extends CommandOutput<String, String, Object> {
    private final List<Object> root = new ArrayList<>(1);
    private final Deque<List<Object>> stack = new ArrayDeque<>();
    private List<Object> current = root;
    private int depth;

    AnyOutput() {
        super(StringCodec.UTF8, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
        current.add(bytes == null ? null : StandardCharsets.ISO_8859_1.decode(bytes).toString());
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        set(bytes);
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
        set(bytes);
    }

    @Override
    public void set(long integer) {
        current.add(integer);
    }

    @Override
    public void set(double number) {
        current.add(number);
    }

    @Override
    public void set(boolean value) {
        current.add(value);
    }

    @Override
    public void multi(int count) {
        List<Object> list = new ArrayList<>(Math.max(count, 0));
        current.add(list);
        stack.push(current);
        current = list;
        depth++;
    }

    @Override
    public void complete(int depth) {
        while (depth < this.depth) {
            current = stack.pop();
            this.depth--;
        }
    }

    @Override
    public Object get() {
        return root.isEmpty() ? null : root.get(0);
    }
}
