package dev.ferry.engine.migration;

/**
 * How memory moves. Pre-copy copies it in rounds while the container runs (needs soft-dirty
 * tracking on the source); post-copy resumes the container on the destination first and fetches
 * pages on demand (needs userfaultfd on the destination); stop-and-copy moves everything while
 * frozen and works everywhere.
 */
public enum Strategy {
  PRE_COPY("pre-copy"),
  POST_COPY("post-copy"),
  STOP_AND_COPY("stop-and-copy");

  private final String label;

  Strategy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Strategy parse(String text) {
    for (Strategy s : values()) {
      if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown strategy '" + text + "': use auto, pre-copy, post-copy or stop-and-copy");
  }

  @Override
  public String toString() {
    return label;
  }
}
