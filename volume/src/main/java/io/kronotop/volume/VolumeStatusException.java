package io.kronotop.volume;

/** An operation the volume's current {@link VolumeStatus} does not allow. */
public final class VolumeStatusException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final VolumeStatus status;

    public VolumeStatusException(String volume, VolumeStatus status, String operation) {
        super("volume " + volume + " is " + status + ": " + operation + " refused");
        this.status = status;
    }

    /** The status that refused the operation. */
    public VolumeStatus status() {
        return status;
    }
}
