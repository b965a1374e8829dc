package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A flyweight over one decoded request: its arguments are (offset, length) pairs into the decoder's
 * buffer, with no copy. Argument 0 is the command name. Reused by the decoder for every request of a
 * connection, so it is valid only during {@link RequestSink#onRequest}. Event-loop thread only.
 *
 * <p>Arguments of a RESP array point into the decoder's cumulation buffer; those of an inline command line
 * point into the decoder's scratch buffer, where quotes and escapes have been resolved.
 *
 * <p>The decoder never overwrites memory that a {@link #retainedSlice(int)} still views, so such a slice stays
 * valid after the call until its owner releases it. {@link #copy()} gives an independent instance that owns
 * heap bytes (for queued commands); it holds no pooled memory and needs no release.
 */
public final class RespArgs {
    private static final int INITIAL_CAPACITY = 8;
    /** Arguments up to this size are viewed through a kept scratch array; longer ones get a fresh array. */
    private static final int MAX_SCRATCH = 4096;

    /** What the arguments point into; for a copy, made from {@link #heap} on first use only. */
    private ByteBuf buffer;
    /** A copy's own bytes (null for the decoder's flyweight): read directly by the hot accessors. */
    private byte[] heap;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private boolean inline;
    /** For {@link #parseLongOr}; made on first use, as copies made for hops rarely need it. */
    private long[] longScratch;
    /** Holds a direct buffer's argument for {@link #arg(int)}; made on first use, grown up to MAX_SCRATCH. */
    private byte[] argScratch;
    private ArgBytes argView;

    /** An empty flyweight, to be filled by the decoder. */
    RespArgs() {
        this.offsets = new int[INITIAL_CAPACITY];
        this.lengths = new int[INITIAL_CAPACITY];
    }

    private RespArgs(byte[] heap, int[] offsets, int[] lengths, boolean inline) {
        this.heap = heap;
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = offsets.length;
        this.inline = inline;
    }

    /**
     * A request made of {@code args}, copied into one heap buffer; for tests and internal use.
     *
     * @throws IllegalArgumentException when there is no argument
     */
    public static RespArgs of(byte[]... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a request has at least one argument");
        }
        int total = 0;
        for (byte[] arg : args) {
            total += arg.length;
        }
        byte[] bytes = new byte[total];
        int[] offsets = new int[args.length];
        int[] lengths = new int[args.length];
        int at = 0;
        for (int i = 0; i < args.length; i++) {
            System.arraycopy(args[i], 0, bytes, at, args[i].length);
            offsets[i] = at;
            lengths[i] = args[i].length;
            at += args[i].length;
        }
        return new RespArgs(bytes, offsets, lengths, false);
    }

    /**
     * An independent copy that owns its bytes on the heap, valid after the call and needing no release
     * (e.g. for commands queued by MULTI). Allocates.
     */
    public RespArgs copy() {
        if (count == 0) {
            return new RespArgs(new byte[0], new int[0], new int[0], inline);
        }
        int total = 0;
        boolean ordered = true;
        for (int i = 0; i < count; i++) {
            total += lengths[i];
            if (i > 0 && offsets[i] < offsets[i - 1] + lengths[i - 1]) {
                ordered = false;
            }
        }
        int first = offsets[0];
        int span = offsets[count - 1] + lengths[count - 1] - first;
        int[] newOffsets = new int[count];
        byte[] bytes;
        if (ordered && span <= total + 16 * count) {
            // A RESP array's arguments lie in order with only their headers between: one copy of the whole span.
            bytes = new byte[span];
            copyRange(first, bytes, 0, span);
            for (int i = 0; i < count; i++) {
                newOffsets[i] = offsets[i] - first;
            }
        } else {
            bytes = new byte[total];
            int at = 0;
            for (int i = 0; i < count; i++) {
                copyRange(offsets[i], bytes, at, lengths[i]);
                newOffsets[i] = at;
                at += lengths[i];
            }
        }
        return new RespArgs(bytes, newOffsets, Arrays.copyOf(lengths, count), inline);
    }

    /** Copies {@code length} bytes at {@code index} into {@code dst}, without garbage for short ranges. */
    private void copyRange(int index, byte[] dst, int dstIndex, int length) {
        if (heap != null) {
            System.arraycopy(heap, index, dst, dstIndex, length);
        } else {
            BufferCopy.copy(buffer, index, dst, dstIndex, length);
        }
    }

    // ---- decoder side (package-private) ----

    /** Starts a new request over {@code buf}. */
    void reset(ByteBuf buf, boolean isInline) {
        this.buffer = buf;
        this.count = 0;
        this.inline = isInline;
    }

    /** Appends an argument; the arrays grow as arguments actually arrive, never from a declared count. */
    void add(int offset, int length) {
        if (count == offsets.length) {
            int newCapacity = count << 1;
            offsets = Arrays.copyOf(offsets, newCapacity);
            lengths = Arrays.copyOf(lengths, newCapacity);
        }
        offsets[count] = offset;
        lengths[count] = length;
        count++;
    }

    /** The decoder moved its bytes: the arguments collected so far now live {@code delta} bytes lower in buf. */
    void rebase(ByteBuf buf, int delta) {
        this.buffer = buf;
        for (int i = 0; i < count; i++) {
            offsets[i] -= delta;
        }
    }

    /** Forgets the buffer (the decoder released it). */
    void clear() {
        this.buffer = null;
        this.count = 0;
    }

    /** Offset of argument {@code i} in {@link #buffer()}. */
    int offset(int i) {
        checkIndex(i);
        return offsets[i];
    }

    /** The buffer the arguments point into. */
    ByteBuf buffer() {
        return buf();
    }

    private byte at(int index) {
        return heap != null ? heap[index] : buffer.getByte(index);
    }

    private ByteBuf buf() {
        ByteBuf b = buffer;
        if (b == null && heap != null) {
            b = buffer = Unpooled.wrappedBuffer(heap);
        }
        return b;
    }

    // ---- public API ----

    /** Number of arguments, command name included (always at least 1). */
    public int count() {
        return count;
    }

    /** Byte length of argument {@code i}. */
    public int length(int i) {
        checkIndex(i);
        return lengths[i];
    }

    /** True when the request came as an inline command line rather than a RESP array. */
    public boolean inline() {
        return inline;
    }

    /** Byte {@code j} of argument {@code i}. */
    public byte byteAt(int i, int j) {
        checkIndex(i);
        if (j < 0 || j >= lengths[i]) {
            throw new IndexOutOfBoundsException("byte " + j + " of argument " + i + " of length " + lengths[i]);
        }
        return at(offsets[i] + j);
    }

    /**
     * ASCII case-insensitive comparison of argument {@code i} with {@code upperAscii}, which must already
     * be upper-case ASCII (e.g. a constant {@code "EX".getBytes(US_ASCII)}). No allocation.
     */
    public boolean equalsIgnoreCase(int i, byte[] upperAscii) {
        checkIndex(i);
        int len = lengths[i];
        if (len != upperAscii.length) {
            return false;
        }
        int off = offsets[i];
        for (int j = 0; j < len; j++) {
            int b = at(off + j);
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != upperAscii[j]) {
                return false;
            }
        }
        return true;
    }

    /** Argument {@code i} equals {@code bytes} exactly. No allocation. */
    public boolean contentEquals(int i, byte[] bytes) {
        checkIndex(i);
        int len = lengths[i];
        if (len != bytes.length) {
            return false;
        }
        int off = offsets[i];
        for (int j = 0; j < len; j++) {
            if (at(off + j) != bytes[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Argument {@code i} as a range of an array, without allocating: the request's own array when it lives on the
     * heap, else a scratch copy. The view is reused: valid until the next call of this method on this request.
     */
    public ArgBytes arg(int i) {
        checkIndex(i);
        ArgBytes view = argView;
        if (view == null) {
            view = argView = new ArgBytes();
        }
        int length = lengths[i];
        if (heap != null) {
            view.set(heap, offsets[i], length);
            return view;
        }
        if (buffer.hasArray()) {
            view.set(buffer.array(), buffer.arrayOffset() + offsets[i], length);
            return view;
        }
        byte[] target = argScratch;
        if (target == null || target.length < length) {
            target = new byte[Math.max(64, length)];
            if (length <= MAX_SCRATCH) {
                argScratch = target;
            }
        }
        copyRange(offsets[i], target, 0, length);
        view.set(target, 0, length);
        return view;
    }

    /** A new array with the bytes of argument {@code i}. */
    public byte[] bytes(int i) {
        checkIndex(i);
        byte[] bytes = new byte[lengths[i]];
        copyRange(offsets[i], bytes, 0, bytes.length);
        return bytes;
    }

    /** Copies the bytes of argument {@code i} into {@code dst} from {@code dstIndex}. No allocation. */
    public void copyTo(int i, byte[] dst, int dstIndex) {
        checkIndex(i);
        copyRange(offsets[i], dst, dstIndex, lengths[i]);
    }

    /** Argument {@code i} decoded as UTF-8 (allocates; not for hot paths). */
    public String string(int i) {
        checkIndex(i);
        return buf().toString(offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /**
     * Parses argument {@code i} as a signed 64-bit decimal integer with Redis's rules (optional '-',
     * no '+', no leading zeros except "0", no spaces, no overflow). Returns false and leaves
     * {@code out} untouched when it is not one. No allocation.
     */
    public boolean tryParseLong(int i, long[] out, int outIndex) {
        checkIndex(i);
        return RespNumbers.tryParseLong(buf(), offsets[i], offsets[i] + lengths[i], out, outIndex);
    }

    /**
     * Parses argument {@code i} as a signed 64-bit integer, or returns {@code fallback} when it is not
     * one (same rules as {@link #tryParseLong}).
     */
    public long parseLongOr(int i, long fallback) {
        checkIndex(i);
        long[] scratch = longScratch;
        if (scratch == null) {
            scratch = longScratch = new long[1];
        }
        return RespNumbers.tryParseLong(buf(), offsets[i], offsets[i] + lengths[i], scratch, 0)
                ? scratch[0] : fallback;
    }

    /**
     * Argument {@code i} parsed as a double with Redis's rules, or NaN when it is not one: no leading space,
     * no trailing characters, {@code inf}/{@code -inf}/{@code infinity} accepted in any case, overflow
     * ({@code 1e400}) and underflow to zero ({@code 1e-400}) rejected, "nan" rejected. Hexadecimal floats are
     * not accepted. Allocates.
     */
    public double parseDoubleOrNaN(int i) {
        checkIndex(i);
        int len = lengths[i];
        if (len == 0 || len > 512) {
            return Double.NaN;
        }
        int off = offsets[i];
        boolean nonZeroDigit = false;
        boolean digit = false;
        for (int j = 0; j < len; j++) {
            byte b = at(off + j);
            if (b >= '0' && b <= '9') {
                digit = true;
                if (b != '0') {
                    nonZeroDigit = true;
                }
            } else if (b != '+' && b != '-' && b != '.' && b != 'e' && b != 'E') {
                return parseInfinity(off, len);
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        String text = buf().toString(off, len, StandardCharsets.US_ASCII);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (Double.isInfinite(value)) {
            return Double.NaN; // overflow, which strtod reports as ERANGE
        }
        if (value == 0 && nonZeroDigit && !mantissaIsZero(text)) {
            return Double.NaN; // underflow to zero
        }
        return value;
    }

    private static boolean mantissaIsZero(String text) {
        for (int j = 0; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    private double parseInfinity(int off, int len) {
        int p = off;
        int end = off + len;
        boolean negative = false;
        byte first = at(p);
        if (first == '-' || first == '+') {
            negative = first == '-';
            p++;
        }
        int rest = end - p;
        if (rest != 3 && rest != 8) {
            return Double.NaN;
        }
        byte[] word = rest == 3 ? INF : INFINITY;
        for (int j = 0; j < rest; j++) {
            int b = at(p + j);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != word[j]) {
                return Double.NaN;
            }
        }
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    private static final byte[] INF = "inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "infinity".getBytes(StandardCharsets.US_ASCII);

    /** A view of argument {@code i} sharing the decoder's memory, not retained: valid only during the call. */
    public ByteBuf slice(int i) {
        checkIndex(i);
        return buf().slice(offsets[i], lengths[i]);
    }

    /** A retained view of argument {@code i}; the caller owns it and must release it. Zero copy. */
    public ByteBuf retainedSlice(int i) {
        checkIndex(i);
        return buf().retainedSlice(offsets[i], lengths[i]);
    }

    /** The arguments as text, for debugging (allocates). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(inline ? "RespArgs[inline" : "RespArgs[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 && !inline ? "" : " ").append('"');
            for (int j = 0; j < lengths[i]; j++) {
                int b = at(offsets[i] + j) & 0xFF;
                if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                    sb.append((char) b);
                } else {
                    sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("argument " + i + " of " + count);
        }
    }
}
