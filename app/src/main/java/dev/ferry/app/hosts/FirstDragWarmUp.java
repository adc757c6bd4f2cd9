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
 * engine's cached pre-flight rules once (their classes, and the records' generated methods). With
 * class loading logged (bench/app-results.md, run 12), the first drag loaded 160 classes in the 141 ms
 * from its DRAG_DETECTED to the last verdict (94 of them lambda forms and method handles, most for the
 * pre-flight rules and their records); later drags loaded none. The first drag took 110-182 ms to every
 * verdict on screen without this (runs 11-12) and 78-98 ms with it (runs 13-14): single runs, so the
 * gain is within what runs vary by, but the classes are off the FX thread either way.
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
