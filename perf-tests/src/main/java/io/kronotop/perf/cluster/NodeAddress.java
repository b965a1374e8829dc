package io.kronotop.perf.cluster;

/** A cluster node's client address. */
public record NodeAddress(String host, int port) {
    /** Parses {@code host:port} as found in {@code MOVED} and {@code ASK} errors (IPv6 hosts allowed). */
    public static NodeAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return new NodeAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
