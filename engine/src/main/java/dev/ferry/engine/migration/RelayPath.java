package dev.ferry.engine.migration;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.HostPipe;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The fallback when the hosts cannot reach each other: a tar stream read from the source and written
 * to the destination through this client ({@link HostPipe}), so reading and sending overlap.
 * The destination folder is replaced whole (a relay has no cheap way to compute a delta).
 */
final class RelayPath implements TransferPath {
  private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

  private final RemoteHost source;
  private final RemoteHost destination;
  private final ExecutorService io;

  RelayPath(RemoteHost source, RemoteHost destination, ExecutorService io) {
    this.source = source;
    this.destination = destination;
    this.io = io;
  }

  @Override
  public long sync(String srcDir, String dstDir) {
    return HostPipe.pipe(source, Command.of("tar", "-C", srcDir, "--numeric-owner", "-cpf", "-", "."),
        destination, Command.script("rm -rf \"$1\" && mkdir -p \"$1\" && exec tar -C \"$1\" -xpf -", dstDir), COPY_TIMEOUT, io);
  }

  @Override
  public void flushDestination(String dstDir) {
    destination.exec(Command.of("sync", "-f", dstDir)).orThrow(destination.name(), Command.of("sync"));
  }

  @Override
  public String describe() {
    return "relayed through this client: " + source.name() + " -> here -> " + destination.name();
  }

  @Override
  public void close() {}
}
