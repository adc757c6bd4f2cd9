package dev.ferry.engine.probe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Judges a probed host: what stops it from taking part in a migration, what makes migrations worse,
 * and what is worth knowing, each with a fix a person can carry out. Errors come first, as in a
 * compatibility panel where warnings pass and errors block (field notes §7).
 */
public final class HostFindings {
  private HostFindings() {}

  /** Findings worded with the host's own name ({@code uname -n}). */
  public static List<Finding> of(HostFacts facts) {
    return of(facts.hostname(), facts);
  }

  /** Findings worded with {@code host}, the name the user knows the host by. */
  public static List<Finding> of(String host, HostFacts facts) {
    List<Finding> found = new ArrayList<>();
    AccessFindings.addTo(found, host, facts);
    CriuFindings.addTo(found, host, facts);
    ResourceFindings.addTo(found, host, facts);
    found.sort(Comparator.comparing(Finding::severity));
    return List.copyOf(found);
  }
}
