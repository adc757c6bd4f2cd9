package dev.ferry.app.tasks;

/**
 * The one door from engine threads to the UI thread. Engine listeners are turned into UI updates
 * through this in one adapter per feature, never with a Platform.runLater in each handler.
 */
@FunctionalInterface
public interface UiThread {
  void post(Runnable update);

  /** For tests: updates run at once, on the caller's thread. */
  UiThread DIRECT = Runnable::run;
}
