package io.kronotop.server;

/** Placeholder entry point; replaced by the server's composition root. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
    }
}
