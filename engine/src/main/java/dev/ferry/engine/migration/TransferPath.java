package dev.ferry.engine.migration;

import dev.ferry.engine.ssh.SshHost;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * How files get from the source host to the destination: directly host to host when they can
 * reach each other ({@link DirectPath}), otherwise relayed through this client ({@link RelayPath}).
 * Each call returns the bytes it moved, counted where they flow.
 */
interface TransferPath extends AutoCloseable {
  /**
   * The direct path when the destination has an address the source reaches ({@code to}, {@code from}: the
   * hosts' own addresses), else a relay through this client; says which in a note.
   */
  static TransferPath open(SshHost source, SshHost destination, String work, String id, List<String> to, List<String> from,
      ExecutorService io, Consumer<String> note) {
    TransferPath path = to.isEmpty() ? null
        : DirectPath.open(source, destination, work, destination.target().user(), id, destination.hostKey(), to, from);
    if (path == null) {
      path = new RelayPath(source, destination, io);
      note.accept("the hosts cannot reach each other directly; relaying data through this client");
    }
    note.accept("transfer: " + path.describe());
    return path;
  }

  /** Makes dstDir on the destination a copy of srcDir on the source (deleting extras); returns bytes sent. */
  long sync(String srcDir, String dstDir);

  /**
   * Copies srcDir on the source into dstDir on the destination, adding to what dstDir holds (the pages a dump streamed
   * there, {@link #pageStream}): one stream, no delta computed, so no round trips before the data flows. For what is
   * copied while the container is frozen (its dump images); returns the bytes sent.
   */
  default long ship(String srcDir, String dstDir) {
    return sync(srcDir, dstDir);
  }

  /**
   * Readies a stream for a dump's memory pages straight into dstDir on the destination while CRIU dumps (CRIU's page
   * server there, its log and pid file in logDir), so the copy overlaps the dump instead of following it; returns the
   * address the source's CRIU sends to, or empty where this path has none (then the pages go with {@link #ship}).
   * Encrypted in transit; the path stops what it started when it closes.
   */
  default Optional<String> pageStream(String dstDir, String logDir) {
    return Optional.empty();
  }

  /**
   * The same copy as {@link #sync} (into a folder the destination has already) as a shell command that runs on the
   * source by itself, started in the background inside another command there (the freeze's, so that it overlaps
   * the dump): it leaves rsync's output in {@code out} and its exit code in {@code rc}, and its pid in {@code rc}.pid while
   * it runs. Empty where the data does not
   * flow from the source itself (the relay).
   */
  default Optional<String> backgroundSync(String srcDir, String dstDir, String out, String rc) {
    return Optional.empty();
  }

  /** Whether the data flows from the source itself: then {@link #backgroundSync} and {@link #backgroundShip} are there. */
  default boolean fromSource() {
    return false;
  }

  /**
   * {@link #ship} as a shell command that runs on the source by itself, started in the background inside another
   * command there (the dump's, once CRIU has written the images): output and exit code as {@link #backgroundSync}
   * leaves them, the bytes in tar's totals ({@link DirectPath#shippedBytes}). Empty where the data does not flow from
   * the source itself.
   */
  default Optional<String> backgroundShip(String srcDir, String dstDir, String out, String rc) {
    return Optional.empty();
  }

  /** {@link #ship} as a command to run on the source inside another one; empty where the data does not flow from it. */
  default Optional<dev.ferry.engine.ssh.Command> shipCommand(String srcDir, String dstDir) {
    return Optional.empty();
  }

  /** Forces what was written on the destination to disk, so the sync after the freeze has little left. */
  void flushDestination(String dstDir);

  String describe();

  @Override
  void close();
}
