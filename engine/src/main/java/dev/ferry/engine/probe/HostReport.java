package dev.ferry.engine.probe;

import java.util.List;

/**
 * A probed host with its findings: what the hosts view shows, and what decides whether a host may be
 * a migration source or destination. As vSphere's compatibility panel does, warnings pass and errors
 * block (field notes §7).
 *
 * @param host the name Ferry knows the host by
 */
public record HostReport(String host, HostFacts facts, List<Finding> findings) {
  public HostReport {
    findings = List.copyOf(findings);
  }

  /** True when no finding is an error. */
  public boolean usable() {
    return findings.stream().noneMatch(Finding::blocking);
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::blocking).toList();
  }

  public boolean has(String code) {
    return findings.stream().anyMatch(f -> f.code().equals(code));
  }
}
