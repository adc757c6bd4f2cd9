package dev.ferry.e2e.faults;

import dev.ferry.e2e.faults.LabFaults.Role;
import dev.ferry.engine.migration.Phase;
import dev.ferry.engine.migration.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fault matrix: each fault at each phase where it can strike, for stop-and-copy and post-copy.
 * One cell per fault is its representative (the fastest one that still exercises the fault), run by
 * default; {@code -Dferry.faults=full} ({@code ./ferry test --faults-full}) runs them all.
 */
final class FaultCatalog {
  /** One cell: a fault (made fresh per cell), the phase it strikes at, the strategy. */
  record Cell(String fault, Supplier<Fault> make, Phase phase, Strategy strategy, boolean representative) {
    @Override
    public String toString() {
      return fault + " at " + phase + ", " + strategy.label() + (representative ? " (representative)" : "");
    }
  }

  static final List<Phase> HANDOVER_PHASES = List.of(Phase.PREFLIGHT, Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE,
      Phase.CONFIRM, Phase.HAND_OVER, Phase.CLEANUP);
  private static final List<Strategy> STRATEGIES = List.of(Strategy.STOP_AND_COPY, Strategy.POST_COPY);
  private static final Map<String, String> OTHER_FAULTS = new LinkedHashMap<>();

  static {
    OTHER_FAULTS.put("client-sigkill", "the client (a `ferry migrate` JVM) killed with SIGKILL at the start of the phase; then recovery");
    OTHER_FAULTS.put("two-migrations-one-container", "two migrations of one container started at once, from two clients");
    OTHER_FAULTS.put("migration-during-checkpoint", "a migration started while a named checkpoint of the container runs");
    OTHER_FAULTS.put("two-containers-one-destination", "two containers migrating to one host at once (authorized_keys edited twice at once)");
    OTHER_FAULTS.put("slow-copy", "the destination's link shaped down so that the copy takes longer than the watchdog's deadline");
  }

  private FaultCatalog() {}

  static boolean full() {
    return "full".equalsIgnoreCase(System.getProperty("ferry.faults", "quick"));
  }

  /** The cells this run takes: every one with -Dferry.faults=full, else the representatives. */
  static List<Cell> cells() {
    // -Dferry.faults.only=TEXT narrows a run to the cells whose description contains TEXT (e.g. "damaged-image").
    String only = System.getProperty("ferry.faults.only", "");
    return all().stream().filter(c -> full() || c.representative()).filter(c -> c.toString().contains(only)).toList();
  }

  static List<Cell> all() {
    List<Cell> cells = new ArrayList<>();
    add(cells, "host-link-cut", () -> LabFaults.hostLinkCut(Duration.ofSeconds(8)),
        List.of(Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.LAZY_PAGES,
            Phase.CLEANUP),
        Phase.COPY_DUMP, Strategy.STOP_AND_COPY);
    add(cells, "client-link-cut-source", () -> LabFaults.clientLinkCut(Role.SOURCE, Duration.ofSeconds(20)), HANDOVER_PHASES,
        Phase.COPY_DUMP, Strategy.STOP_AND_COPY);
    add(cells, "client-link-cut-destination", () -> LabFaults.clientLinkCut(Role.DESTINATION, Duration.ofSeconds(20)), HANDOVER_PHASES,
        Phase.RESTORE, Strategy.STOP_AND_COPY);
    add(cells, "source-sshd-killed", () -> LabFaults.sshdKilled(Role.SOURCE, Duration.ofSeconds(3)), HANDOVER_PHASES,
        Phase.FREEZE_DUMP, Strategy.STOP_AND_COPY);
    add(cells, "destination-sshd-killed", () -> LabFaults.sshdKilled(Role.DESTINATION, Duration.ofSeconds(3)), HANDOVER_PHASES,
        Phase.RESTORE, Strategy.POST_COPY);
    add(cells, "dest-store-full", LabFaults::destinationStoreFull, List.of(Phase.SYNC_ROOTFS, Phase.COPY_DUMP, Phase.RESTORE),
        Phase.SYNC_ROOTFS, Strategy.STOP_AND_COPY);
    add(cells, "dest-root-full", LabFaults::destinationRootFull, List.of(Phase.PREFLIGHT, Phase.PREPARE),
        Phase.PREFLIGHT, Strategy.STOP_AND_COPY);
    add(cells, "damaged-image", LabFaults::damagedImage, List.of(Phase.RESTORE), Phase.RESTORE, Strategy.POST_COPY);
    add(cells, "source-crash", () -> LabFaults.hostCrash(Role.SOURCE, Duration.ofSeconds(5)),
        List.of(Phase.SYNC_ROOTFS, Phase.FREEZE_DUMP, Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.CLEANUP),
        Phase.COPY_DUMP, Strategy.STOP_AND_COPY);
    add(cells, "destination-crash", () -> LabFaults.hostCrash(Role.DESTINATION, Duration.ofSeconds(5)),
        List.of(Phase.SYNC_ROOTFS, Phase.COPY_DUMP, Phase.RESTORE, Phase.CONFIRM, Phase.HAND_OVER, Phase.LAZY_PAGES, Phase.CLEANUP),
        Phase.HAND_OVER, Strategy.STOP_AND_COPY);
    return cells;
  }

  private static void add(List<Cell> cells, String name, Supplier<Fault> make, List<Phase> phases, Phase repPhase, Strategy repStrategy) {
    for (Phase p : phases) {
      for (Strategy s : STRATEGIES) {
        if (p == Phase.LAZY_PAGES && s != Strategy.POST_COPY) {
          continue;
        }
        cells.add(new Cell(name, make, p, s, p == repPhase && s == repStrategy));
      }
    }
  }

  /** Markdown: one line per fault, for RELIABILITY.md. */
  static String describe() {
    StringBuilder md = new StringBuilder();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Cell c : all()) {
      seen.putIfAbsent(c.fault(), c.make().get().description());
    }
    seen.putAll(OTHER_FAULTS);
    seen.forEach((name, what) -> md.append("- `").append(name).append("`: ").append(what).append('\n'));
    return md.toString();
  }
}
