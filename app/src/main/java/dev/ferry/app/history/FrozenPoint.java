package dev.ferry.app.history;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.Strategy;

/** One moved container on the freeze charts: its number in the history, strategy and freeze breakdown. */
public record FrozenPoint(int number, String container, Strategy strategy, FreezeTimeBreakdown freeze) {
  /** The bar's category: "#3 counter". */
  public String label() {
    return "#" + number + " " + container;
  }
}
