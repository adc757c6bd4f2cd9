package dev.ferry.engine.metrics;

import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.ssh.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The sampler script (metrics.sh, shipped in the engine's jar) and the command that runs it. The
 * script is constant; the interval, df cadence and paths reach it as positional arguments only.
 */
final class MetricsScript {
  /** runc's default state root when run as root. */
  static final String RUNC_ROOT = "/run/runc";
  static final String TEXT = load();

  private MetricsScript() {}

  /** The command for a real host. */
  static Command command(MetricsSettings settings) {
    // The disk meter measures the file system of Ferry's store, where bundles and checkpoints go.
    return command(settings, FerryPaths.STORE, RUNC_ROOT, "");
  }

  /** The command with other paths; {@code procRoot} prefixes /proc and /sys, so tests can use a fake tree. */
  static Command command(MetricsSettings settings, String store, String runcRoot, String procRoot) {
    String seconds = BigDecimal.valueOf(settings.interval().toMillis(), 3).stripTrailingZeros().toPlainString();
    return Command.script(TEXT, seconds, Integer.toString(settings.diskEveryTicks()), store, runcRoot, procRoot);
  }

  private static String load() {
    try (InputStream in = MetricsScript.class.getResourceAsStream("metrics.sh")) {
      if (in == null) {
        throw new IllegalStateException("metrics.sh is missing from the engine's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read metrics.sh from the engine's jar", e);
    }
  }
}
