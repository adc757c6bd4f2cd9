package dev.ferry.engine.container;

import java.util.Locale;

/** The lifecycle states that runc and Podman report, mapped to one vocabulary. */
public enum ContainerState {
  CREATED, RUNNING, PAUSED, STOPPED, UNKNOWN;

  public static ContainerState parse(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "created", "configured", "initialized" -> CREATED;
      case "running" -> RUNNING;
      case "paused", "pausing" -> PAUSED;
      case "stopped", "exited", "dead" -> STOPPED;
      default -> UNKNOWN;
    };
  }
}
