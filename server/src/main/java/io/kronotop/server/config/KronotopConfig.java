package io.kronotop.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The effective configuration: defaults from {@link ConfigKeys}, then a properties file ({@code key = value},
 * {@code #} comments), then {@code --set key=value} overrides, in that order. Immutable; values are checked
 * when read through the typed accessors, and unknown keys are rejected when the configuration is built.
 */
public final class KronotopConfig {
    private final Map<String, String> values;

    private KronotopConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults only. */
    public static KronotopConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The effective text value of a key. */
    public String get(ConfigKey key) {
        return values.get(key.name());
    }

    public String getString(ConfigKey key) {
        return get(key);
    }

    public int getInt(ConfigKey key, int min, int max) {
        long value = getLong(key, min, max);
        return (int) value;
    }

    public long getLong(ConfigKey key, long min, long max) {
        String text = get(key).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("configuration key '" + key.name() + "' must be an integer, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException("configuration key '" + key.name() + "' must be between " + min + " and "
                + max + ", got " + value);
        }
        return value;
    }

    /** Every effective key and value, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Collects the layers; {@link #build()} validates key names. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();

        private Builder() {
            for (ConfigKey key : ConfigKeys.all()) {
                values.put(key.name(), key.defaultValue());
            }
        }

        /** Reads a properties file; its keys override the defaults. */
        public Builder file(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (String name : properties.stringPropertyNames()) {
                set(name, properties.getProperty(name).trim());
            }
            return this;
        }

        /** One {@code key=value} override, as given to {@code --set}. */
        public Builder set(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("expected key=value, got '" + assignment + "'");
            }
            return set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
        }

        public Builder set(String name, String value) {
            if (ConfigKeys.find(name) == null) {
                throw new ConfigException("unknown configuration key '" + name + "' (see docs/configuration.md)");
            }
            values.put(name, value);
            return this;
        }

        public Builder set(ConfigKey key, String value) {
            return set(key.name(), value);
        }

        public KronotopConfig build() {
            return new KronotopConfig(Collections.unmodifiableMap(new TreeMap<>(values)));
        }
    }
}
