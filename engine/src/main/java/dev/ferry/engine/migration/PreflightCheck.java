package dev.ferry.engine.migration;

/**
 * One named pre-flight check and its verdict. Failures block a migration; warnings are shown and
 * the migration goes on.
 */
public record PreflightCheck(String name, Status status, String reason) {
  /** Pass, warn or fail. */
  public enum Status { PASS, WARN, FAIL }

  public static PreflightCheck pass(String name, String reason) {
    return new PreflightCheck(name, Status.PASS, reason);
  }

  public static PreflightCheck warn(String name, String reason) {
    return new PreflightCheck(name, Status.WARN, reason);
  }

  public static PreflightCheck fail(String name, String reason) {
    return new PreflightCheck(name, Status.FAIL, reason);
  }
}
