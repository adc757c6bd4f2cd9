package dev.ferry.app.hosts;

/** What the hosts feature needs from the evacuation feature: a pane's "Evacuate…". */
public interface EvacuationPort {
  /** Opens the evacuation sheet for {@code host}: the plan first, nothing moves before the user confirms. */
  void evacuate(String host);
}
