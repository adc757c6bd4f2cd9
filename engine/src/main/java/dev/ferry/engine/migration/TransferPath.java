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
   * Makes dstDir on the destination a copy of srcDir on the source, for a folder the destination does not have yet
   * (its old content, if any, is replaced whole): one stream, no delta computed, so no round trips before the data
   * flows. For what is copied while the container is frozen (its dump images); returns the bytes sent.
   */
  default long ship(String srcDir, String dstDir) {
    return sync(srcDir, dstDir);
  }

  /**
   * The same copy as {@link #sync} (into a folder the destination has already) as a shell command that runs on the
   * source by itself, started in the background inside another command there (the freeze's, so that it overlaps
   * the dump): it leaves rsync's output in {@code out} and its exit code in {@code rc}. Empty where the data does not
   * flow from the source itself (the relay).
   */
  default Optional<String> backgroundSync(String srcDir, String dstDir, String out, String rc) {
    return Optional.empty();
  }

  /** Forces what was written on the destination to disk, so the sync after the freeze has little left. */
  void flushDestination(String dstDir);

  String describe();

  @Override
  void close();
}
