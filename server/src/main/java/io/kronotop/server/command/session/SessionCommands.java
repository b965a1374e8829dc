package io.kronotop.server.command.session;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** Session commands, both ports. */
public final class SessionCommands {
    private static final String G = "session";

    private SessionCommands() {
    }

    public static void register(CommandRegistry registry, SessionAttributes attributes) {
        registry.add(CommandSpec.container("session.attribute", "", G, "Lists and sets session attributes.", List.of(
            of("list", 2, "fast", G, "", "Lists every attribute and its value.",
                new SessionAttributeListHandler(attributes)),
            of("set", 4, "fast", G, "attribute value", "Sets an attribute.", new SessionAttributeSetHandler()))));
        registry.add(of("session.close", 1, "fast", G, "", "Resets the session without closing the connection.",
            new SessionCloseHandler()));
    }
}
