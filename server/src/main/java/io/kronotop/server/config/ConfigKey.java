package io.kronotop.server.config;

/**
 * One documented configuration key: its name, default and meaning. The table of every key is
 * {@link ConfigKeys}; docs/configuration.md is written from it.
 *
 * @param name         lower-case dotted key, e.g. {@code server.port}
 * @param defaultValue default as text ({@code ""} for unset)
 * @param description  one line for the documentation and CONFIG GET
 */
public record ConfigKey(String name, String defaultValue, String description) {
}
