package dev.ferry.app.hosts;

import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.Severity;
import java.util.List;

/**
 * The mark in a pane's header: not yet known, ready, limited (warnings: it works, worse), or not
 * usable (an error blocks migrations), as a compatibility panel where warnings pass and errors block.
 */
public enum Readiness {
  UNKNOWN("Probing…"), READY("Ready"), LIMITED("Limited"), NOT_USABLE("Not usable");

  private final String label;

  Readiness(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Readiness of(List<Finding> findings) {
    if (findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
      return NOT_USABLE;
    }
    if (findings.stream().anyMatch(f -> f.severity() == Severity.WARNING)) {
      return LIMITED;
    }
    return READY;
  }
}
