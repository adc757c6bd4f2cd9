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
 * {@link #push} returns the step itself as a handle; a change that is meant to stay is dropped by
 * that handle, never looked up by its text (a typo must not keep an undo that removes a running copy).
 */
public final class UndoStack {
  private static final Logger LOG = LoggerFactory.getLogger(UndoStack.class);

  /** One pushed undo; the handle to drop it by. Compared by identity. */
  public static final class Handle {
    private final String what;
    private final Runnable undo;

    private Handle(String what, Runnable undo) {
      this.what = what;
      this.undo = undo;
    }

    public String what() {
      return what;
    }

    @Override
    public String toString() {
      return what;
    }
  }

  private final Deque<Handle> steps = new ArrayDeque<>();

  public synchronized Handle push(String what, Runnable undo) {
    Handle h = new Handle(what, undo);
    steps.push(h);
    return h;
  }

  /** Forgets one step: its change is now meant to stay. Dropping a handle twice, or null, does nothing. */
  public synchronized void drop(Handle handle) {
    if (handle != null) {
      steps.removeIf(s -> s == handle);
    }
  }

  /** The descriptions of the steps still to undo, most recent first. */
  public synchronized List<String> pending() {
    return steps.stream().map(Handle::what).toList();
  }

  /** Runs every undo in reverse order; returns the descriptions of those that failed. */
  public List<String> unwind() {
    List<String> failed = new ArrayList<>();
    while (true) {
      Handle s;
      synchronized (this) {
        if (steps.isEmpty()) {
          return failed;
        }
        s = steps.pop();
      }
      try {
        LOG.info("undo: {}", s.what());
        s.undo.run();
      } catch (RuntimeException e) {
        LOG.warn("undo failed: {}: {}", s.what(), e.getMessage());
        failed.add(s.what() + ": " + e.getMessage());
      }
    }
  }
}
