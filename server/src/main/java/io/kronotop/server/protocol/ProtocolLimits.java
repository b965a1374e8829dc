package io.kronotop.server.protocol;

/**
 * Bounds on what a client may declare, checked before anything is allocated from a declared size.
 *
 * @param maxBulkBytes       largest bulk string argument (Redis {@code proto-max-bulk-len}, 512 MiB)
 * @param maxMultibulkLength largest argument count of one request (Redis: 1024 * 1024)
 * @param maxInlineBytes     longest inline command line, and longest {@code *} / {@code $} header line
 *                           (Redis {@code PROTO_INLINE_MAX_SIZE}, 64 KiB)
 */
public record ProtocolLimits(long maxBulkBytes, int maxMultibulkLength, int maxInlineBytes) {
    public static final ProtocolLimits DEFAULT = new ProtocolLimits(512L * 1024 * 1024, 1024 * 1024, 64 * 1024);

    public ProtocolLimits {
        if (maxBulkBytes <= 0 || maxBulkBytes > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("maxBulkBytes out of range: " + maxBulkBytes);
        }
        if (maxMultibulkLength <= 0 || maxInlineBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
