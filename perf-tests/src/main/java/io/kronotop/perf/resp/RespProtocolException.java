package io.kronotop.perf.resp;

/** The server sent bytes that are not valid RESP2/RESP3, or that break a parser limit. */
public final class RespProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message);
    }
}
