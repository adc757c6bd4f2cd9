package dev.ferry.engine.probe;

/**
 * A host answered the probe with something that is not a probe's output: no POSIX shell, a login
 * banner in the way, or output cut short. The message says which host and what came back.
 */
public class ProbeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }
}
