package io.kronotop.server.command.connection;

import io.kronotop.server.config.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks credentials against {@code auth.requirepass}; the only user is {@code default}. */
final class Authenticator {
    private Authenticator() {
    }

    /**
     * True when {@code user}/{@code password} may log in. Without a configured password the default user
     * accepts any password, as Redis's default user with {@code nopass} does.
     */
    static boolean check(ServerConfig config, String user, byte[] password) {
        if (!"default".equals(user)) {
            return false;
        }
        if (!config.authRequired()) {
            return true;
        }
        return MessageDigest.isEqual(config.requirePass().getBytes(StandardCharsets.UTF_8), password);
    }
}
