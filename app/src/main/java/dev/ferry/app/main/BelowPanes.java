package dev.ferry.app.main;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** What lies below the host panes: the migration history and the checkpoints list, one tab each. */
public final class BelowPanes {
  private BelowPanes() {}

  public static Node of(Node history, Node checkpoints) {
    Tab h = new Tab("History", history);
    h.setId("tab-history");
    Tab c = new Tab("Checkpoints", checkpoints);
    c.setId("tab-checkpoints");
    TabPane tabs = new TabPane(h, c);
    tabs.setId("below-panes");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    return tabs;
  }
}
