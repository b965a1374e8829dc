package io.kronotop.server.transport;

/** The server could not start; the message says why in words an operator can act on. */
public final class ServerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
