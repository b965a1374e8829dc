package io.kronotop.server.config;

/** A configuration that cannot be used; its message names the key and the problem. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
