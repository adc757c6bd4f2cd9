package dev.ferry.app.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.robot.Robot;

/**
 * One real drag in the real window, through the OS pointer (JavaFX's Robot, XTest under Xvfb): press
 * on a card, move until the toolkit detects a drag, and time from the DRAG_DETECTED event to the first
 * pulse at which every other pane's verdict label is visible with its text (that pulse paints them),
 * and to the pulse after it (by then that frame has been rendered). Then release over the source pane,
 * which refuses the drop, so nothing migrates.
 */
final class DragProbe {
  /** What one drag measured; times in ms from DRAG_DETECTED, NaN when not reached. */
  record Result(boolean dragDetected, double verdictsInSceneMs, double verdictsRenderedMs, int panesShowing, int panesExpected,
      double handlerMs, double firstPulseMs) {}

  private final Scene scene;
  private final Robot robot;
  private volatile long detectedAt;
  private volatile long shownAt;
  private volatile long renderedAt;
  private volatile int showing;

  DragProbe(Scene scene) {
    this.scene = scene;
    this.robot = new Robot();
  }

  /** Called from the benchmark's thread, never the FX thread. */
  Result drag(String cardId, List<String> otherPanes) throws Exception {
    detectedAt = 0;
    shownAt = 0;
    renderedAt = 0;
    showing = 0;
    EventHandler<MouseEvent> filter = e -> {
      if (detectedAt == 0) {
        detectedAt = System.nanoTime();
      }
    };
    AnimationTimer watch = watcher(otherPanes);
    // A pane scrolled out of the window has its cards off screen, where the pointer cannot press them.
    Fx.run(() -> scrollIntoView(card(cardId)));
    Thread.sleep(300);
    double[] center = Fx.call(() -> {
      Node card = card(cardId);
      Bounds b = card.localToScreen(card.getBoundsInLocal());
      scene.addEventFilter(MouseEvent.DRAG_DETECTED, filter);
      watch.start();
      return new double[] {b.getCenterX(), b.getCenterY()};
    });
    try {
      Fx.run(() -> robot.mouseMove(center[0], center[1]));
      Thread.sleep(150);
      Fx.run(() -> robot.mousePress(MouseButton.PRIMARY));
      Thread.sleep(60);
      for (int i = 1; i <= 15 && detectedAt == 0; i++) {
        double dx = 4.0 * i;
        Fx.post(() -> robot.mouseMove(center[0] + dx, center[1] + dx / 2));
        Thread.sleep(25);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (renderedAt == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      Fx.post(() -> robot.mouseMove(center[0], center[1]));
      Thread.sleep(50);
      Fx.post(() -> robot.mouseRelease(MouseButton.PRIMARY));
      Thread.sleep(300);
      Fx.run(() -> {
        watch.stop();
        scene.removeEventFilter(MouseEvent.DRAG_DETECTED, filter);
      });
    }
    return new Result(detectedAt != 0, since(shownAt), since(renderedAt), showing, otherPanes.size(), Double.NaN, Double.NaN);
  }

  private Node card(String cardId) {
    Node card = scene.lookup("#" + cardId);
    if (card == null) {
      throw new IllegalStateException("no card #" + cardId + " in the window");
    }
    return card;
  }

  /** Scrolls the host row sideways, if need be, until the node is wholly inside its viewport. */
  private static void scrollIntoView(Node node) {
    for (Node n = node.getParent(); n != null; n = n.getParent()) {
      if (n instanceof ScrollPane sp && sp.getContent() != null) {
        Bounds view = sp.getViewportBounds();
        double width = sp.getContent().getLayoutBounds().getWidth();
        Bounds inContent = sp.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
        double scrollable = width - view.getWidth();
        if (scrollable > 0) {
          double left = Math.max(0, Math.min(scrollable, inContent.getMinX() - 8));
          sp.setHvalue(sp.getHmin() + (sp.getHmax() - sp.getHmin()) * left / scrollable);
        }
        sp.layout();
        return;
      }
    }
  }

  /** The drag start as the card's handler does it, without the OS drag loop: dragStarted on the FX thread, then dragEnded. */
  Result direct(dev.ferry.app.hosts.HostPaneViewModel source, String card, List<String> otherPanes) throws Exception {
    detectedAt = 0;
    shownAt = 0;
    renderedAt = 0;
    showing = 0;
    AnimationTimer watch = watcher(otherPanes);
    long[] handler = new long[2];
    Fx.run(() -> {
      watch.start();
      detectedAt = System.nanoTime();
      source.dragStarted(new dev.ferry.app.model.ContainerRef(source.name(), card, "runc").encode());
      handler[0] = System.nanoTime() - detectedAt;
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (renderedAt == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Fx.run(() -> {
      watch.stop();
      source.dragEnded();
    });
    Thread.sleep(300);
    // The pulse that first showed the verdicts started at shownAt; it ended (CSS, layout, render) by renderedAt.
    return new Result(true, since(shownAt), since(renderedAt), showing, otherPanes.size(), handler[0] / 1e6,
        shownAt == 0 || renderedAt == 0 ? Double.NaN : (renderedAt - shownAt) / 1e6);
  }

  private AnimationTimer watcher(List<String> otherPanes) {
    return new AnimationTimer() {
      @Override
      public void handle(long now) {
        if (detectedAt == 0 || renderedAt != 0) {
          return;
        }
        long t = System.nanoTime();
        if (shownAt != 0) {
          renderedAt = t;
          return;
        }
        int n = 0;
        for (String p : otherPanes) {
          Node v = scene.lookup("#verdict-" + p);
          if (v instanceof Label l && l.isVisible() && !l.getText().isEmpty()) {
            n++;
          }
        }
        showing = n;
        if (n == otherPanes.size()) {
          shownAt = t;
        }
      }
    };
  }

  private double since(long t) {
    return t == 0 || detectedAt == 0 ? Double.NaN : (t - detectedAt) / 1e6;
  }
}
