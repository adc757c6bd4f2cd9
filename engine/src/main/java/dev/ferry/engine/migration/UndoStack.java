package dev.ferry.engine.migration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vzmigrate's undo chain: every step that changes a host pushes how to take the change back, and on
 * failure the steps are undone in reverse. An undo that fails is recorded and the rest still run.
 */
public final class UndoStack {
  private static final Logger LOG = LoggerFactory.getLogger(UndoStack.class);

  private record Step(String what, Runnable undo) {}

  private final Deque<Step> steps = new ArrayDeque<>();

  public void push(String what, Runnable undo) {
    steps.push(new Step(what, undo));
  }

  /** Forgets the most recent step whose description matches: its change is now meant to stay. */
  public void drop(String what) {
    steps.removeIf(s -> s.what().equals(what));
  }

  /** Runs every undo in reverse order; returns the descriptions of those that failed. */
  public List<String> unwind() {
    List<String> failed = new ArrayList<>();
    while (!steps.isEmpty()) {
      Step s = steps.pop();
      try {
        LOG.info("undo: {}", s.what());
        s.undo().run();
      } catch (RuntimeException e) {
        LOG.warn("undo failed: {}: {}", s.what(), e.getMessage());
        failed.add(s.what() + ": " + e.getMessage());
      }
    }
    return failed;
  }
}
