package dev.ferry.engine.ssh;

import java.time.Duration;

/** Hears how a host's SSH session fares. Every method has a no-op default; called on engine threads. */
public interface HostConnectionListener {
  default void connected(String host) {}

  /** The session dropped; the engine reconnects on its own. */
  default void disconnected(String host, String reason) {}

  default void reconnecting(String host, int attempt, Duration delay) {}

  default void reconnected(String host) {}
}
