package dev.ferry.app.history;

import dev.ferry.engine.migration.FreezeTimeBreakdown;
import dev.ferry.engine.migration.Strategy;

/**
 * One moved container on the freeze charts: its number in the history, strategy and freeze breakdown,
 * and the longest gap a watching client saw ({@link #NOT_WATCHED} when no client watched it).
 */
public record FrozenPoint(int number, String container, Strategy strategy, FreezeTimeBreakdown freeze, long clientGapMillis) {
  public static final long NOT_WATCHED = -1;

  public FrozenPoint(int number, String container, Strategy strategy, FreezeTimeBreakdown freeze) {
    this(number, container, strategy, freeze, NOT_WATCHED);
  }

  /** The bar's category: "#3 counter", with "(client 612 ms)" when a client watched it. */
  public String label() {
    return "#" + number + " " + container + (clientGapMillis >= 0 ? " (client " + clientGapMillis + " ms)" : "");
  }
}
