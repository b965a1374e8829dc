package io.kronotop.server.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the real server once for the test class: ports 0 (ephemeral), a fresh temporary data directory,
 * two reactors, 1 MiB volume segments; it bootstraps a one-member cluster owning every shard unless the
 * configuration says {@code cluster.bootstrap=manual}. Test methods receive a {@link RunningServer} parameter.
 * The server stops after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealServerExtension.class)
public @interface RealServer {
    /** Extra configuration as {@code key=value}, applied after the test defaults. */
    String[] config() default {};
}
