package dev.ferry.engine.probe;

/**
 * One thing a probe found about a host, written for someone who does not script: what is wrong or
 * worth knowing ({@code title}) and what to do about it ({@code fix}). The {@code code} is stable, so
 * programs and tests can react to a finding without parsing its words.
 */
public record Finding(Severity severity, String code, String title, String fix) {
  public boolean blocking() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return severity + " " + code + ": " + title + " Fix: " + fix;
  }
}
