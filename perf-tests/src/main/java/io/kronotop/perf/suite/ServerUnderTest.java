package io.kronotop.perf.suite;

import java.io.IOException;

/** A server the suite measures: started on a free port of 127.0.0.1, ready once PING answers PONG. */
public interface ServerUnderTest extends AutoCloseable {
    /** Short name used in reports and file names, e.g. {@code redis}, {@code kronotop}. */
    String name();

    /** One line for the report: what runs, with which settings. */
    String description();

    /** Starts the server and waits until it answers PING. */
    void start() throws IOException, InterruptedException;

    int port();

    /** Version as reported by the server (INFO server), or a placeholder. */
    String version();

    /** Whether writes are durable (fsync) before the reply: reports put such systems apart. */
    boolean persistent();

    /** CPU time the server process has used so far (user + system), or -1 if unknown. */
    long cpuTimeNs();

    /** Process id of the server, or -1 if it is not a local process of ours. */
    default long pid() {
        return -1;
    }

    @Override
    void close();
}
