package dev.ferry.engine.migration;

/** A migration step failed; carries the phase and the plain-language advice for the report. */
public class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String advice;
  private final String logExcerpt;

  public MigrationException(String summary, String advice, String logExcerpt, Throwable cause) {
    super(summary, cause);
    this.advice = advice;
    this.logExcerpt = logExcerpt;
  }

  public MigrationException(String summary, String advice) {
    this(summary, advice, "", null);
  }

  public String advice() {
    return advice;
  }

  public String logExcerpt() {
    return logExcerpt;
  }
}
