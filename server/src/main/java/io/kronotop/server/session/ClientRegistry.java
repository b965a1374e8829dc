package io.kronotop.server.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every open connection of both ports, by client id. Thread-safe; touched once per connect and close. */
public final class ClientRegistry {
    private final AtomicLong nextId = new AtomicLong();
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();

    public long nextId() {
        return nextId.incrementAndGet();
    }

    public void add(ClientConnection connection) {
        clients.put(connection.session().id(), connection);
    }

    public void remove(ClientConnection connection) {
        clients.remove(connection.session().id(), connection);
    }

    public ClientConnection find(long id) {
        return clients.get(id);
    }

    public int size() {
        return clients.size();
    }

    /** A snapshot ordered by id. */
    public List<ClientConnection> snapshot() {
        List<ClientConnection> list = new ArrayList<>(clients.values());
        list.sort(Comparator.comparingLong(c -> c.session().id()));
        return list;
    }
}
