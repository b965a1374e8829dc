package io.kronotop.server.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Installs {@link LeakTracker} before any test of the JVM allocates a Netty buffer. */
public final class LeakTrackingSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakTracker.install();
    }
}
