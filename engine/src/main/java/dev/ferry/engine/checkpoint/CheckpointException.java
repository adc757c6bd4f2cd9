package dev.ferry.engine.checkpoint;

import dev.ferry.engine.criu.CriuFailure;
import java.util.List;
import java.util.Optional;

/**
 * A checkpoint, restore or delete that did not happen, in plain words: what went wrong, what the user
 * can do, and, when CRIU failed, its explained failure with the log lines that show it.
 * {@link #refused()} says nothing was changed on any host, because a check failed before anything
 * started; otherwise the operation was tried and what it had done was undone.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String advice;
  private final boolean refused;
  private final transient CriuFailure criu;

  private CheckpointException(String summary, String advice, boolean refused, CriuFailure criu) {
    this(summary, advice, refused, criu, null);
  }

  private CheckpointException(String summary, String advice, boolean refused, CriuFailure criu, Throwable cause) {
    super(summary, cause);
    this.advice = advice;
    this.refused = refused;
    this.criu = criu;
  }

  static CheckpointException refused(String summary, String advice) {
    return new CheckpointException(summary, advice, true, null);
  }

  static CheckpointException failed(String summary, String advice) {
    return new CheckpointException(summary, advice, false, null);
  }

  static CheckpointException criu(String what, CriuFailure f, String outcome) {
    return new CheckpointException(what + ": " + f.summary(), f.advice() + " " + outcome, false, f);
  }

  /**
   * What to throw after a step failed and its undo chain ran: the failure itself if it was already
   * explained, otherwise wrapped with {@code advice}; with the undo steps that failed, if any.
   */
  static CheckpointException after(RuntimeException e, String advice, List<String> undoFailures) {
    CheckpointException c = e instanceof CheckpointException ce ? ce : new CheckpointException(e.getMessage(), advice, false, null, e);
    if (undoFailures.isEmpty()) {
      return c;
    }
    return new CheckpointException(c.getMessage(), "Cleaning up did not finish: " + String.join("; ", undoFailures) + ". " + c.advice,
        false, c.criu, c);
  }

  public String advice() {
    return advice;
  }

  public boolean refused() {
    return refused;
  }

  public Optional<CriuFailure> criuFailure() {
    return Optional.ofNullable(criu);
  }

  public String logExcerpt() {
    return criu == null ? "" : criu.logExcerpt();
  }
}
