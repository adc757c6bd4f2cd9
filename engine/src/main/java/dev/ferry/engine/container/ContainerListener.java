package dev.ferry.engine.container;

/** Hears about containers on one host as refreshes find them. Default no-ops; called on engine threads. */
public interface ContainerListener {
  default void appeared(String host, ContainerInfo container) {}

  default void disappeared(String host, ContainerInfo container) {}

  default void changed(String host, ContainerInfo before, ContainerInfo after) {}

  /** A refresh failed; the previous list stays as it was. */
  default void refreshFailed(String host, Exception error) {}
}
