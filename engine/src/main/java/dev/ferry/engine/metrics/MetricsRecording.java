package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact lines a host's sampler script (metrics.sh) printed, each with when it arrived, so a
 * benchmark can play a real host's stream back through the real parser without the host. Kept as a
 * small text file: a comment line naming the host, the time and the interval, then one line per
 * sampler line, {@code <millis since start> <line>}.
 *
 * @param host the host the lines came from
 * @param recordedAt when the capture started
 * @param lines every stdout line of the sampler, in order, with its arrival offset
 */
public record MetricsRecording(String host, Instant recordedAt, List<TimedLine> lines) {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsRecording.class);
  static final String MAGIC = "# ferry metrics recording 1";

  /** One sampler line and when it arrived, in milliseconds after the capture started. */
  public record TimedLine(long atMillis, String text) {
    public TimedLine {
      if (atMillis < 0 || text.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("bad recorded line at " + atMillis + " ms: " + text);
      }
    }
  }

  public MetricsRecording {
    lines = List.copyOf(lines);
  }

  /**
   * Runs the sampler on {@code host} for {@code length} and keeps what it printed. Blocks the caller
   * (a recording tool, never the UI) for about {@code length}; fails if the host printed nothing.
   */
  public static MetricsRecording capture(RemoteHost host, MetricsSettings settings, Duration length)
      throws InterruptedException {
    List<TimedLine> got = new CopyOnWriteArrayList<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    CompletableFuture<Integer> run = host.stream(MetricsScript.command(settings), new LineListener() {
      @Override
      public void stdout(String line) {
        got.add(new TimedLine(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), line));
      }

      @Override
      public void stderr(String line) {
        errors.add(line);
      }
    });
    try {
      Integer code = run.get(length.toMillis(), TimeUnit.MILLISECONDS);
      throw new IllegalStateException("the sampler on " + host.name() + " ended early (exit " + code + ")" + why(errors));
    } catch (TimeoutException expected) {
      // The sampler runs until stopped: the recording is complete.
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the sampler on " + host.name() + " failed: " + e.getCause().getMessage() + why(errors), e);
    } finally {
      run.cancel(true);
    }
    List<TimedLine> kept = List.copyOf(got);
    if (kept.stream().noneMatch(l -> l.text().equals("."))) {
      throw new IllegalStateException("no complete sample from " + host.name() + " within " + length.toSeconds() + " s" + why(errors));
    }
    LOG.info("{}: recorded {} sampler lines in {} s", host.name(), kept.size(), length.toSeconds());
    return new MetricsRecording(host.name(), started, kept);
  }

  private static String why(List<String> errors) {
    return errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1);
  }

  /** The recording in its file form. */
  public List<String> toFileLines() {
    List<String> out = new ArrayList<>();
    out.add(MAGIC + ": host " + host + ", recorded " + recordedAt);
    lines.forEach(l -> out.add(l.atMillis() + " " + l.text()));
    return out;
  }

  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.write(file, toFileLines(), StandardCharsets.UTF_8);
  }

  public static MetricsRecording read(Path file) throws IOException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not a Ferry metrics recording: " + e.getMessage(), e);
    }
  }

  /** Reads the file form; a malformed line is an error naming its number, never skipped. */
  public static MetricsRecording parse(List<String> file) {
    if (file.isEmpty() || !file.get(0).startsWith(MAGIC + ": host ")) {
      throw new IllegalArgumentException("the first line must start with '" + MAGIC + ": host '");
    }
    String rest = file.get(0).substring((MAGIC + ": host ").length());
    int comma = rest.indexOf(", recorded ");
    if (comma < 0) {
      throw new IllegalArgumentException("the first line lacks ', recorded <instant>'");
    }
    String host = rest.substring(0, comma);
    Instant at = Instant.parse(rest.substring(comma + ", recorded ".length()).strip());
    List<TimedLine> lines = new ArrayList<>();
    long last = 0;
    for (int i = 1; i < file.size(); i++) {
      String l = file.get(i);
      int space = l.indexOf(' ');
      try {
        long ms = Long.parseLong(space < 0 ? l : l.substring(0, space));
        if (ms < last) {
          throw new IllegalArgumentException("time goes backwards");
        }
        last = ms;
        lines.add(new TimedLine(ms, space < 0 ? "" : l.substring(space + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " '" + l + "': " + e.getMessage(), e);
      }
    }
    return new MetricsRecording(host, at, lines);
  }
}
