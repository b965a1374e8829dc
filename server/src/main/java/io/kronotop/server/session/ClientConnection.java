package io.kronotop.server.session;

/** A live connection as CLIENT LIST / KILL and INFO see it from any thread. */
public interface ClientConnection {
    Session session();

    /** Bytes received but not yet consumed by the decoder (CLIENT LIST {@code qbuf}). */
    int pendingInputBytes();

    /** Closes the connection from any thread, after the reply being written, if any. */
    void kill();
}
