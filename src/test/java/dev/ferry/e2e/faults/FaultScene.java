package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a fault strikes: the lab, the migration's two hosts and container, and the migration's id
 * once the engine told it (its work folder on both hosts is /var/lib/ferry/work/CONTAINER-ID).
 */
final class FaultScene {
  private final Lab lab;
  private final String source;
  private final String destination;
  private final String container;
  private final AtomicReference<String> migrationId = new AtomicReference<>();

  FaultScene(Lab lab, String source, String destination, String container) {
    this.lab = lab;
    this.source = source;
    this.destination = destination;
    this.container = container;
  }

  Lab lab() {
    return lab;
  }

  String source() {
    return source;
  }

  String destination() {
    return destination;
  }

  String container() {
    return container;
  }

  void migrationId(String id) {
    migrationId.compareAndSet(null, id);
  }

  /** The work folders of this container's migrations on a host, as a shell glob. */
  String workGlob() {
    String id = migrationId.get();
    return "/var/lib/ferry/work/" + container + "-" + (id == null ? "*" : id + "*");
  }

  /** lab.sh, failing the cell with lab.sh's own words when the lab refuses. */
  void sh(String... args) {
    Lab.sh(args).orFail("lab.sh " + String.join(" ", args));
  }
}
