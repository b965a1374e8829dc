package io.kronotop.perf.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A command with placeholders, in memtier_benchmark's spirit: {@code __key__} becomes the key
 * ({@code prefix + number}) and {@code __data__} the value. {@code SET __key__ __data__},
 * {@code HSET __key__ field __data__}, {@code ECHO __data__}, {@code PING}. Sent as a RESP array of bulk
 * strings, or as an inline command line when {@code inline} (then arguments may not contain spaces).
 *
 * <p>Literal arguments are encoded once; only keys and values are written per request.
 */
public final class CommandTemplate {
    static final String KEY = "__key__";
    static final String DATA = "__data__";

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int ARG_LITERAL = 0;
    private static final int ARG_KEY = 1;
    private static final int ARG_DATA = 2;

    private final String text;
    private final String name;
    private final boolean inline;
    private final int[] kinds;
    /** RESP: {@code $len\r\nbytes\r\n}; inline: the bare word. Null for placeholders. */
    private final byte[][] encodedLiterals;
    private final byte[] arrayHeader;
    private final boolean hasKey;
    private final boolean hasData;

    private CommandTemplate(String text, String name, boolean inline, List<String> words) {
        this.text = text;
        this.name = name;
        this.inline = inline;
        this.kinds = new int[words.size()];
        this.encodedLiterals = new byte[words.size()][];
        boolean key = false;
        boolean data = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (KEY.equals(w)) {
                kinds[i] = ARG_KEY;
                key = true;
            } else if (DATA.equals(w)) {
                kinds[i] = ARG_DATA;
                data = true;
            } else {
                kinds[i] = ARG_LITERAL;
                byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
                encodedLiterals[i] = inline ? bytes : bulk(bytes);
            }
        }
        this.hasKey = key;
        this.hasData = data;
        this.arrayHeader = ("*" + words.size() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses {@code "SET __key__ __data__"}: words split on whitespace, sent as a RESP array. */
    public static CommandTemplate of(String text) {
        return parse(text, false);
    }

    /** The same template sent as an inline command ({@code PING\r\n}), as redis-benchmark's PING_INLINE. */
    public static CommandTemplate inline(String text) {
        return parse(text, true);
    }

    private static CommandTemplate parse(String text, boolean inline) {
        List<String> words = new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
        if (words.isEmpty() || words.getFirst().isEmpty()) {
            throw new IllegalArgumentException("empty command template");
        }
        String name = words.getFirst().toUpperCase(java.util.Locale.ROOT) + (inline ? "_INLINE" : "");
        return new CommandTemplate(text.trim(), name, inline, words);
    }

    /** Display name: the command word, upper-case, with {@code _INLINE} for inline templates. */
    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public boolean inline() {
        return inline;
    }

    public boolean hasKey() {
        return hasKey;
    }

    public boolean hasData() {
        return hasData;
    }

    /** The arguments for a blocking client, with the placeholders replaced. */
    public String[] render(String key, String value) {
        String[] out = new String[kinds.length];
        String[] words = text.split("\\s+");
        for (int i = 0; i < kinds.length; i++) {
            out[i] = switch (kinds[i]) {
                case ARG_KEY -> key;
                case ARG_DATA -> value;
                default -> words[i];
            };
        }
        return out;
    }

    /**
     * Writes one request.
     *
     * @param key       the key bytes in {@code key[0, keyLength)}
     * @param data      value bytes; the first {@code dataLength} are used
     * @param scratch   at least 20 bytes, for decimal lengths
     */
    void encode(ByteBuf out, byte[] key, int keyLength, byte[] data, int dataLength, byte[] scratch) {
        if (inline) {
            for (int i = 0; i < kinds.length; i++) {
                if (i > 0) {
                    out.writeByte(' ');
                }
                switch (kinds[i]) {
                    case ARG_KEY -> out.writeBytes(key, 0, keyLength);
                    case ARG_DATA -> out.writeBytes(data, 0, dataLength);
                    default -> out.writeBytes(encodedLiterals[i]);
                }
            }
            out.writeBytes(CRLF);
            return;
        }
        out.writeBytes(arrayHeader);
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case ARG_KEY -> writeBulk(out, key, keyLength, scratch);
                case ARG_DATA -> writeBulk(out, data, dataLength, scratch);
                default -> out.writeBytes(encodedLiterals[i]);
            }
        }
    }

    private static void writeBulk(ByteBuf out, byte[] bytes, int length, byte[] scratch) {
        out.writeByte('$');
        writeDecimal(out, length, scratch);
        out.writeBytes(CRLF);
        out.writeBytes(bytes, 0, length);
        out.writeBytes(CRLF);
    }

    /** Writes the decimal digits of {@code value >= 0} without allocating. */
    static void writeDecimal(ByteBuf out, long value, byte[] scratch) {
        int end = formatDecimal(value, scratch, 0);
        out.writeBytes(scratch, 0, end);
    }

    /** Formats {@code value >= 0} into {@code target} from {@code offset}; returns the end offset. */
    static int formatDecimal(long value, byte[] target, int offset) {
        return formatDecimal(value, target, offset, 0);
    }

    /**
     * Like {@link #formatDecimal(long, byte[], int)}, with leading zeros up to {@code minDigits} digits (as
     * redis-benchmark writes {@code __rand_int__}: 12 digits).
     */
    static int formatDecimal(long value, byte[] target, int offset, int minDigits) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        digits = Math.max(digits, minDigits);
        long v = value;
        for (int i = offset + digits - 1; i >= offset; i--) {
            target[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return offset + digits;
    }

    private static byte[] bulk(byte[] bytes) {
        byte[] header = ("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + bytes.length + 2];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return all;
    }

    @Override
    public String toString() {
        return (inline ? "inline " : "") + text;
    }
}
