package dev.ferry.engine.ssh;

/**
 * Something went wrong talking to a host. The message is written for the person at the screen: what
 * happened and what to do about it. Subclasses tell the kinds apart for code that reacts to them.
 */
public class SshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SshException(String message) {
    super(message);
  }

  public SshException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The host could not be reached at all: wrong address, closed port, network down. */
  public static final class Unreachable extends SshException {
    private static final long serialVersionUID = 1L;

    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The host answered but refused every credential offered. */
  public static final class AuthenticationFailed extends SshException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The host's key was unknown and not accepted, or it changed since it was remembered. */
  public static final class HostKeyRejected extends SshException {
    private static final long serialVersionUID = 1L;
    private final boolean changed;

    public HostKeyRejected(String message, boolean changed) {
      super(message);
      this.changed = changed;
    }

    /** True when the key differs from the remembered one: possibly an attack. */
    public boolean changed() {
      return changed;
    }
  }

  /** A connect, login or command did not finish within its time limit. */
  public static final class Timeout extends SshException {
    private static final long serialVersionUID = 1L;

    public Timeout(String message) {
      super(message);
    }
  }
}
