package io.kronotop.volume.vacuum;

/** A vacuum request that the current state does not allow; the message is meant for the operator. */
public final class VacuumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VacuumException(String message) {
        super(message);
    }
}
