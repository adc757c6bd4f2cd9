package dev.ferry.engine.evacuate;

import java.util.List;

/**
 * The end of an evacuation: each container's outcome, in plan order, with where it was found running
 * when the hosts were asked afterwards. {@link #describe()} says it in a few plain lines.
 */
public record EvacuationSummary(String source, List<ContainerOutcome> outcomes) {
  public EvacuationSummary {
    outcomes = List.copyOf(outcomes);
  }

  public List<ContainerOutcome> moved() {
    return outcomes.stream().filter(ContainerOutcome::moved).toList();
  }

  public List<ContainerOutcome> stayed() {
    return outcomes.stream().filter(o -> !o.moved()).toList();
  }

  /** "2 of 3 moved off ferry-a." and a line per container. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(moved().size()).append(" of ").append(outcomes.size()).append(outcomes.size() == 1 ? " container" : " containers")
        .append(" moved off ").append(source).append('.');
    for (ContainerOutcome o : outcomes) {
      b.append('\n').append(o.container()).append(": ");
      if (o.moved()) {
        b.append("moved to ").append(o.target().orElse("?"));
      } else {
        b.append("stayed on ").append(source).append(" (").append(o.why()).append(')');
      }
      b.append("; running on ").append(o.runningOn().isEmpty() ? "no host" : String.join(", ", o.runningOn()));
    }
    return b.toString();
  }
}
