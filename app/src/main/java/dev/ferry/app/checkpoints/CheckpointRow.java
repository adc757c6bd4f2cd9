package dev.ferry.app.checkpoints;

import dev.ferry.app.hosts.Formats;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.engine.checkpoint.Checkpoint;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One checkpoint as the list shows it: container, name, when it was taken, its size on disk, and
 * whether the container was left running; {@code keptOn} is the host whose store holds it.
 */
public record CheckpointRow(String keptOn, String container, String name, String time, String size, String leftRunning, Checkpoint checkpoint) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  static CheckpointRow of(Checkpoint c, String keptOn, ZoneId zone) {
    return new CheckpointRow(keptOn, c.container(), c.name(), TIME.format(c.created().atZone(zone)), Formats.bytes(c.sizeBytes()),
        c.leaveRunning() ? "left running" : "stopped", c);
  }

  public CheckpointRef ref() {
    return new CheckpointRef(keptOn, container, name);
  }
}
