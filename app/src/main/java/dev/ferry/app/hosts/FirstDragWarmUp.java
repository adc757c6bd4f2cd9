package dev.ferry.app.hosts;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.CachedPreflight;
import dev.ferry.engine.probe.HostReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does once, on a background thread as soon as a first host is probed, what the first drag of a card
 * would otherwise do on the FX thread while the user waits: load the drag-and-drop classes and run the
 * engine's cached pre-flight rules once (their classes, and the records' generated methods). Measured
 * with class loading logged (bench/app-results.md, run 12): about 140 ms of the first drag's 182 ms
 * until every pane showed its verdict went to loading these; later drags took 35-50 ms.
 */
final class FirstDragWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(FirstDragWarmUp.class);
  private static final AtomicBoolean DONE = new AtomicBoolean();
  private static final List<String> DRAG_CLASSES = List.of("javafx.scene.input.Dragboard", "javafx.scene.input.ClipboardContent",
      "javafx.scene.input.DataFormat", "javafx.scene.input.DragEvent", "javafx.scene.input.TransferMode");

  private FirstDragWarmUp() {}

  /** Called off the FX thread with a host's probe; only the first call does anything. */
  static void once(HostReport probed) {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    ClassLoader loader = FirstDragWarmUp.class.getClassLoader();
    for (String c : DRAG_CLASSES) {
      try {
        Class.forName(c, false, loader);
      } catch (ClassNotFoundException e) {
        LOG.debug("warm-up: no class {}", c);
      }
    }
    // A judgement no pane will see (a host onto itself): it only runs the rules' code once.
    CachedPreflight.Verdict v = CachedPreflight.judge(probed, probed, ContainerName.of("ferry-warm-up"), Optional.empty(), List.of());
    LOG.debug("warm-up for the first drag took {} ms ({} checks, hash {})", (System.nanoTime() - start) / 1_000_000, v.checks().size(),
        v.hashCode() ^ v.toString().length());
  }
}
