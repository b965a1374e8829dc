package io.kronotop.perf.resp;

/**
 * Receives one event per complete top-level RESP value decoded by {@link RespReplyParser}.
 * Called on the thread that feeds the parser.
 */
public interface ReplyListener {
    /** A complete reply that is not an error (any type, any nesting). */
    void onReply();

    /**
     * A top-level error reply ({@code -...} or RESP3 blob error {@code !...}).
     *
     * @param message the error text without the leading type byte, e.g. {@code MOVED 3999 127.0.0.1:6381}
     */
    void onError(String message);

    /** A RESP3 push message ({@code >}); it answers no request. */
    void onPush();
}
