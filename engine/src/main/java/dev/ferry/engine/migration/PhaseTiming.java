package dev.ferry.engine.migration;

/** How long one phase took and how many bytes it moved, measured by the migration's one clock. */
public record PhaseTiming(Phase phase, long startMillis, long durationMillis, long bytes) {
  public long endMillis() {
    return startMillis + durationMillis;
  }
}
