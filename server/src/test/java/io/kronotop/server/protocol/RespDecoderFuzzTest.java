package io.kronotop.server.protocol;

import io.kronotop.server.testing.LeakTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Seeded randomized tests of {@link RespDecoder}. Each test logs its seed; replay one with
 * {@code -Dkronotop.test.seed=<seed>}.
 */
class RespDecoderFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(RespDecoderFuzzTest.class);
    private static final long SEED = Long.getLong("kronotop.test.seed", System.nanoTime());

    @BeforeAll
    static void printSeed() {
        LOG.info("RespDecoderFuzzTest seed {} (replay with -Dkronotop.test.seed={})", SEED, SEED);
    }

    @AfterAll
    static void noLeaks() {
        LeakTracker.assertNoLeaks();
    }

    private static Random random(String test) {
        return new Random(SEED ^ test.hashCode());
    }

    // ---- valid pipelines ----

    @Test
    void shouldDecodeRandomValidPipelinesSplitAnywhereInOrder() {
        Random random = random("valid");
        for (int round = 0; round < 200; round++) {
            List<List<byte[]>> requests = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(20);
            for (int r = 0; r < count; r++) {
                noise(random, wire);
                List<byte[]> args = randomArgs(random);
                requests.add(args);
                // an inline line must stay under maxInlineBytes (64 KiB) even with every byte escaped
                if (random.nextInt(4) == 0 && args.stream().mapToInt(a -> a.length + 3).sum() * 4 < 60_000) {
                    encodeInline(args, random, wire);
                } else {
                    encodeMultibulk(args, wire);
                }
            }
            byte[] bytes = wire.toByteArray();
            List<String> expected = requests.stream().map(RecordingSink::render).toList();
            // one run in four on the channel's default pooled allocator, under paranoid leak detection
            Run run = new Run(ProtocolLimits.DEFAULT, random.nextInt(4) != 0, random.nextInt(3) == 0, random);
            run.feed(bytes, random);
            assertThat(run.sink.events).as("seed %d round %d", SEED, round).isEqualTo(expected);
            run.finish();
        }
    }

    /** Requests Redis ignores: empty and negative arrays, blank inline lines. */
    private static void noise(Random random, ByteArrayOutputStream wire) {
        switch (random.nextInt(12)) {
            case 0 -> wire.writeBytes(ascii("*0\r\n"));
            case 1 -> wire.writeBytes(ascii("*-1\r\n"));
            case 2 -> wire.writeBytes(ascii("\r\n"));
            case 3 -> wire.writeBytes(ascii(" \t \n"));
            default -> { }
        }
    }

    private static List<byte[]> randomArgs(Random random) {
        int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 5);
        List<byte[]> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> random.nextInt(20) == 0 ? 65_536 + random.nextInt(10_000) : 100 + random.nextInt(2_000);
                default -> 1 + random.nextInt(30);
            };
            byte[] arg = new byte[length];
            if (random.nextBoolean()) {
                random.nextBytes(arg);
            } else {
                String alphabet = "SETGETabc\r\n \"'\\x0*$";
                for (int j = 0; j < length; j++) {
                    arg[j] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                }
            }
            args.add(arg);
        }
        return args;
    }

    private static void encodeMultibulk(List<byte[]> args, ByteArrayOutputStream wire) {
        wire.writeBytes(ascii("*" + args.size() + "\r\n"));
        for (byte[] arg : args) {
            wire.writeBytes(ascii("$" + arg.length + "\r\n"));
            wire.writeBytes(arg);
            wire.writeBytes(ascii("\r\n"));
        }
    }

    /** Every argument in double quotes with \xHH escapes, or bare when it needs no quoting. */
    private static void encodeInline(List<byte[]> args, Random random, ByteArrayOutputStream wire) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                wire.writeBytes(ascii(random.nextBoolean() ? " " : " \t "));
            }
            byte[] arg = args.get(i);
            // a line starting with '*' would be read as an array
            if (arg.length > 0 && isBare(arg) && !(i == 0 && arg[0] == '*')) {
                wire.writeBytes(arg);
                continue;
            }
            wire.write('"');
            for (byte b : arg) {
                int v = b & 0xFF;
                if (v == '"' || v == '\\') {
                    wire.write('\\');
                    wire.write(v);
                } else if (v >= 0x21 && v < 0x7F) {
                    wire.write(v);
                } else if (v == '\n' && random.nextBoolean()) {
                    wire.writeBytes(ascii("\\n"));
                } else {
                    wire.writeBytes(ascii(String.format("\\x%02x", v)));
                }
            }
            wire.write('"');
        }
        wire.writeBytes(ascii(random.nextBoolean() ? "\r\n" : "\n"));
    }

    private static boolean isBare(byte[] arg) {
        for (byte b : arg) {
            if (b <= ' ' || b >= 0x7F || b == '"' || b == '\'') {
                return false;
            }
        }
        return true;
    }

    // ---- malicious input ----

    private static final String[] PIECES = {
        "*", "$", "\r", "\n", "\r\n", "\0", "\"", "'", "\\", " ", "\t", "-", "+",
        "0", "1", "2", "3", "17", "00", "01", "123456789012345678", "-1", "-2147483648", "2147483647", "2147483648",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999",
        "*1\r\n", "*2\r\n", "*2147483647\r\n", "*-1\r\n", "*0\r\n", "$0\r\n\r\n", "$3\r\nfoo\r\n",
        "$9223372036854775807\r\n", "$-1\r\n", "$536870912\r\n", "$1\r\n", "*1\r\n*1\r\n*1\r\n*1\r\n",
        "PING\r\n", "SET \"a b\" 'c'\n", "\\x4", "\\xff",
    };

    @Test
    void shouldSurviveMaliciousInputWithBoundedMemoryAndAtMostOneError() {
        Random random = random("malicious");
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = malicious(random);
            ProtocolLimits limits = random.nextBoolean() ? ProtocolLimits.DEFAULT
                    : new ProtocolLimits(1 + random.nextInt(200), 1 + random.nextInt(10), 1 + random.nextInt(64));
            Run run = new Run(limits, random.nextInt(4) != 0, random.nextInt(4) == 0, random);
            int round0 = round;
            assertThatCode(() -> run.feed(bytes, random)).as("seed %d round %d", SEED, round0)
                    .doesNotThrowAnyException();
            assertThat(run.sink.errors).as("seed %d round %d", SEED, round).hasSizeLessThanOrEqualTo(1);
            if (!run.sink.errors.isEmpty()) {
                assertThat(run.sink.events.getLast()).startsWith("ERROR:");
            }
            run.finish();
        }
    }

    @Test
    void shouldDecodeArbitraryInputTheSameWhateverTheSplit() {
        // With limits larger than the input, chunking cannot change the outcome: one read, one byte per read and
        // random splits must give identical events.
        Random random = random("metamorphic");
        ProtocolLimits limits = new ProtocolLimits(1 << 20, 1 << 20, 1 << 16);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = malicious(random);
            Run whole = new Run(limits, true, false, random);
            whole.write(bytes, 0, bytes.length);
            whole.finish();
            Run bytewise = new Run(limits, true, false, random);
            for (int i = 0; i < bytes.length; i++) {
                bytewise.write(bytes, i, 1);
            }
            bytewise.finish();
            Run split = new Run(limits, random.nextInt(4) != 0, false, random);
            split.feed(bytes, random);
            split.finish();
            assertThat(bytewise.sink.events).as("seed %d round %d", SEED, round).isEqualTo(whole.sink.events);
            assertThat(split.sink.events).as("seed %d round %d", SEED, round).isEqualTo(whole.sink.events);
        }
    }

    @Test
    void shouldNotAllocateFromHugeDeclaredSizes() {
        Random random = random("huge");
        String[] headers = {
            "*1048576\r\n$536870912\r\n", "*1\r\n$536870912\r\n", "*1048576\r\n$1\r\nx\r\n$536870912\r\n",
            "*2\r\n$3\r\nSET\r\n$536870000\r\n",
        };
        for (String header : headers) {
            Run run = new Run(ProtocolLimits.DEFAULT, true, false, random);
            run.write(ascii(header), 0, header.length());
            byte[] some = new byte[10_000];
            random.nextBytes(some);
            for (int i = 0; i < 10; i++) {
                run.write(some, 0, some.length);
            }
            assertThat(run.sink.events).isEmpty();
            assertThat(run.allocator.liveBytes()).isLessThan(4L * 100_100 + 4096);
            run.finish();
        }
    }

    /** Random frames from a grammar of troublesome pieces and random bytes. */
    private static byte[] malicious(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + random.nextInt(30);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    byte[] garbage = new byte[1 + random.nextInt(20)];
                    random.nextBytes(garbage);
                    out.writeBytes(garbage);
                }
                case 1 -> out.writeBytes(ascii("A".repeat(random.nextInt(100))));
                default -> out.writeBytes(ascii(PIECES[random.nextInt(PIECES.length)]));
            }
        }
        return out.toByteArray();
    }

    // ---- harness ----

    /** One channel with a decoder, a recording sink, optional retained slices and random pauses. */
    private static final class Run {
        final TrackingAllocator allocator = new TrackingAllocator();
        final RecordingSink sink = new RecordingSink();
        final EmbeddedChannel channel;
        final RespDecoder decoder;
        final boolean tracked;
        final List<ByteBuf> kept = new ArrayList<>();
        final List<byte[]> keptExpected = new ArrayList<>();
        long received;

        Run(ProtocolLimits limits, boolean tracked, boolean pauses, Random random) {
            this.tracked = tracked;
            this.decoder = new RespDecoder(limits, sink);
            sink.onRequest((ctx, args) -> {
                if (random.nextInt(4) == 0) {
                    int i = random.nextInt(args.count());
                    kept.add(args.retainedSlice(i));
                    keptExpected.add(args.bytes(i));
                }
                if (pauses && random.nextInt(3) == 0) {
                    decoder.pause();
                }
            });
            this.channel = new EmbeddedChannel();
            if (tracked) {
                channel.config().setAllocator(allocator);
            }
            channel.pipeline().addLast(decoder);
        }

        void feed(byte[] bytes, Random random) {
            int at = 0;
            while (at < bytes.length) {
                int chunk = 1 + random.nextInt(random.nextInt(4) == 0 ? 8 : Math.max(1, bytes.length / 3));
                chunk = Math.min(chunk, bytes.length - at);
                write(bytes, at, chunk);
                at += chunk;
            }
            resumeUntilDone();
        }

        void write(byte[] bytes, int from, int length) {
            if (length == 0) {
                return;
            }
            ByteBuf in = Unpooled.wrappedBuffer(bytes, from, length);
            channel.writeInbound(in);
            assertThat(in.refCnt()).isZero();
            received += length;
            if (tracked) {
                // memory is proportional to what arrived (plus what handlers retained), never to declared sizes
                long keptBytes = kept.stream().mapToLong(b -> b.unwrap() != null ? b.unwrap().capacity() : 0).sum();
                assertThat(allocator.liveBytes()).isLessThanOrEqualTo(4 * received + 4096 + keptBytes);
            }
            if (random() && decoder.paused()) {
                decoder.resume(channel.pipeline().context(decoder));
            }
        }

        private boolean toggle;

        private boolean random() {
            toggle = !toggle;
            return toggle;
        }

        void resumeUntilDone() {
            while (decoder.paused()) {
                decoder.resume(channel.pipeline().context(decoder));
            }
        }

        void finish() {
            resumeUntilDone();
            for (int i = 0; i < kept.size(); i++) {
                byte[] actual = new byte[kept.get(i).readableBytes()];
                kept.get(i).getBytes(kept.get(i).readerIndex(), actual);
                assertThat(actual).as("retained slice %d", i).isEqualTo(keptExpected.get(i));
            }
            assertFalse(channel.finish());
            for (int i = 0; i < kept.size(); i++) {
                byte[] actual = new byte[kept.get(i).readableBytes()];
                kept.get(i).getBytes(kept.get(i).readerIndex(), actual);
                assertThat(actual).as("retained slice %d after close", i).isEqualTo(keptExpected.get(i));
                kept.get(i).release();
            }
            if (tracked) {
                allocator.assertAllReleased();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
