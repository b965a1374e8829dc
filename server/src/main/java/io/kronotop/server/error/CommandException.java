package io.kronotop.server.error;

/**
 * Thrown by deep code that cannot return a status; the dispatcher turns it into the error reply
 * {@link #reply()}. A rare path only: handlers normally write errors directly.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reply the whole error line without '-', starting with its prefix, e.g. {@code "ERR syntax error"}
     */
    public CommandException(String reply) {
        super(reply, null, false, false);
    }

    public String reply() {
        return getMessage();
    }
}
