package dev.ferry.engine.ssh;

import dev.ferry.engine.util.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Pipes one host's command into another host's command through this client, like
 * {@code ssh a producer | ssh b consumer}: the producer's output is read on one thread and written to
 * the consumer on another, so reading and sending overlap. Returns the bytes that passed, counted
 * where they flow.
 */
public final class HostPipe {
  // Large enough that neither side waits on the other for every packet.
  private static final int PIPE_BUFFER = 4 * 1024 * 1024;

  private HostPipe() {}

  public static long pipe(RemoteHost from, Command producer, RemoteHost to, Command consumer, Duration timeout, Executor executor) {
    try (PipedInputStream in = new PipedInputStream(PIPE_BUFFER); PipedOutputStream out = new PipedOutputStream(in)) {
      CountingInputStream counted = new CountingInputStream(in);
      CompletableFuture<Integer> receiver = CompletableFuture.supplyAsync(
          () -> to.exec(consumer, counted, OutputStream.nullOutputStream(), timeout), executor);
      try (out) {
        from.exec(producer, InputStream.nullInputStream(), out, timeout);
      } catch (RuntimeException e) {
        receiver.cancel(true);
        throw e;
      }
      try {
        receiver.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      return counted.count();
    } catch (IOException e) {
      throw new UncheckedIOException("piping " + from.name() + " into " + to.name() + " failed: " + e.getMessage(), e);
    }
  }
}
