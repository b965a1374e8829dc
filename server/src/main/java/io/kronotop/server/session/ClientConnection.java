package io.kronotop.server.session;

/** A live connection as CLIENT LIST / KILL and INFO see it from any thread. */
public interface ClientConnection {
    Session session();

    /** Bytes received but not yet consumed by the decoder (CLIENT LIST {@code qbuf}). */
    int pendingInputBytes();

    /** CLIENT LIST's {@code multi}: -1 outside MULTI, else the commands queued. */
    default int multiLength() {
        return -1;
    }

    /** CLIENT LIST's {@code watch}: the keys watched. */
    default int watchCount() {
        return 0;
    }

    /** Closes the connection from any thread, after the reply being written, if any. */
    void kill();
}
