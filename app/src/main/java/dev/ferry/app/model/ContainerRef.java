package dev.ferry.app.model;

/** A container as the app names it: which host it is on, its name, and its runtime (runc, podman). */
public record ContainerRef(String host, String name, String runtime) {
  /** The drag-and-drop payload: one line, parsed back by {@link #parse}. */
  public String encode() {
    return host + "\t" + name + "\t" + runtime;
  }

  public static ContainerRef parse(String encoded) {
    String[] p = encoded.split("\t", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("not a Ferry container reference: " + encoded);
    }
    return new ContainerRef(p[0], p[1], p[2]);
  }
}
