package dev.ferry.engine.migration;

/**
 * Which copy of a migrating container is the one that runs, as recorded once on the source
 * ({@link MigrationJournal#decide}). {@link #NONE}: nobody has decided yet. An answer that could not
 * be read is not a decision: it is a {@link Decision.Unclear} exception, asked again, never guessed.
 */
public enum Decision {
  DESTINATION("destination"),
  SOURCE("source"),
  NONE("none");

  private final String word;

  Decision(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** The decision in the word the source's journal holds; null for anything else. */
  static Decision ofWord(String text) {
    for (Decision d : values()) {
      if (d.word.equals(text.strip())) {
        return d;
      }
    }
    return null;
  }

  /** The source could not be asked, or its answer was garbled: the decision is unknown, not absent. */
  public static final class Unclear extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unclear(String message) {
      super(message);
    }
  }
}
