package dev.ferry.engine.migration;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.CountingInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The fallback when the hosts cannot reach each other: a tar stream read from the source and written
 * to the destination through this client, with a pipe between the two so reading and sending overlap.
 * The destination folder is replaced whole (a relay has no cheap way to compute a delta).
 */
final class RelayPath implements TransferPath {
  private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);
  // Large enough that neither side waits on the other for every packet.
  private static final int PIPE_BUFFER = 4 * 1024 * 1024;

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
    try (PipedInputStream in = new PipedInputStream(PIPE_BUFFER); PipedOutputStream out = new PipedOutputStream(in)) {
      CountingInputStream counted = new CountingInputStream(in);
      CompletableFuture<Integer> receiver = CompletableFuture.supplyAsync(() -> destination.exec(
          Command.script("rm -rf \"$1\" && mkdir -p \"$1\" && exec tar -C \"$1\" -xpf -", dstDir),
          counted, java.io.OutputStream.nullOutputStream(), COPY_TIMEOUT), io);
      try (out) {
        source.exec(Command.of("tar", "-C", srcDir, "--numeric-owner", "-cpf", "-", "."), java.io.InputStream.nullInputStream(), out, COPY_TIMEOUT);
      }
      receiver.join();
      return counted.count();
    } catch (IOException e) {
      throw new MigrationException("Relaying " + srcDir + " through this computer failed: " + e.getMessage(),
          "Check this computer's connection to both hosts.", "", e);
    }
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
