package io.kronotop.server.command.connection;

/** Redis's rule for client names and library info: printable ASCII without spaces. */
final class ClientNames {
    private ClientNames() {
    }

    static boolean valid(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
