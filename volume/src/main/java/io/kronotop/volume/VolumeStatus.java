package io.kronotop.volume;

import java.util.Locale;

/** A volume's status, persisted in the metastore. */
public enum VolumeStatus {
    /** Appends, updates, deletes and reads are served. */
    READWRITE,
    /** Reads only; writes fail with {@link VolumeStatusException}. */
    READONLY,
    /** Nothing is served; every operation fails with {@link VolumeStatusException}. */
    INOPERABLE;

    /** The status named {@code text} (any case), or null when there is none. */
    public static VolumeStatus parse(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (VolumeStatus status : values()) {
            if (status.name().equals(upper)) {
                return status;
            }
        }
        return null;
    }
}
