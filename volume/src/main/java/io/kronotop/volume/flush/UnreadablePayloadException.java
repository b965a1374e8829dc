package io.kronotop.volume.flush;

/**
 * The flusher thread could not read an append's payload (its arena was closed, or it is confined to another
 * thread). Thrown by {@link BatchSink#write} before anything was written; fails that append only.
 */
public final class UnreadablePayloadException extends RuntimeException {
    public UnreadablePayloadException(RuntimeException cause) {
        super("the payload cannot be read by the flusher thread: " + cause.getMessage(), cause);
    }
}
