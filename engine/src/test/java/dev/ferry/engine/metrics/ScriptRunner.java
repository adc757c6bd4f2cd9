package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the sampler's exact command line with the local sh and collects its first blocks. */
final class ScriptRunner {
  private ScriptRunner() {}

  /** The output up to and including the {@code blocks}-th end-of-block line. */
  static List<String> firstBlocks(Command command, int blocks) {
    return firstBlocks(start(command, null), blocks);
  }

  /** As {@link #firstBlocks(Command, int)}, finding programs in {@code binFirst} before the usual PATH. */
  static List<String> firstBlocks(Command command, int blocks, Path binFirst) {
    return firstBlocks(start(command, binFirst), blocks);
  }

  private static List<String> firstBlocks(Process p, int blocks) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      int seen = 0;
      String line;
      while (seen < blocks && (line = out.readLine()) != null) {
        lines.add(line);
        if (line.equals(".")) {
          seen++;
        }
      }
      if (seen < blocks) {
        throw new AssertionError("the script ended after " + seen + " blocks: " + lines + "\n" + stderr(p));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stop(p);
    }
  }

  static Process start(Command command) {
    return start(command, null);
  }

  private static Process start(Command command, Path binFirst) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (binFirst != null) {
        pb.environment().put("PATH", binFirst + ":" + System.getenv("PATH"));
      }
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String stderr(Process p) {
    try {
      p.waitFor(2, TimeUnit.SECONDS);
      return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | InterruptedException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }
}
