package dev.ferry.app.model;

/**
 * A named checkpoint as the app names it: the host it is kept on, its container and its name. Its
 * drag-and-drop payload starts with {@link #PREFIX}, so a pane tells it from a container's card.
 */
public record CheckpointRef(String host, String container, String name) {
  public static final String PREFIX = "ferry-checkpoint\t";

  public String encode() {
    return PREFIX + host + "\t" + container + "\t" + name;
  }

  public static boolean isOne(String payload) {
    return payload != null && payload.startsWith(PREFIX);
  }

  public static CheckpointRef parse(String payload) {
    if (!isOne(payload)) {
      throw new IllegalArgumentException("not a Ferry checkpoint reference: " + payload);
    }
    String[] p = payload.substring(PREFIX.length()).split("\t", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("not a Ferry checkpoint reference: " + payload);
    }
    return new CheckpointRef(p[0], p[1], p[2]);
  }

  /** {@code container/name}, as people type it. */
  public String label() {
    return container + "/" + name;
  }
}
