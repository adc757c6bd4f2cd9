package dev.ferry.engine.criu;

import java.io.IOException;

/**
 * A {@code stats-dump} or {@code stats-restore} file that is not what CRIU writes: wrong magic,
 * cut short, or a different statistics kind than asked for. It is an {@link IOException} because
 * it usually means a copy went wrong, and callers already handle the file having been unreadable.
 */
public class CriuStatsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CriuStatsFormatException(String message) {
    super(message);
  }
}
