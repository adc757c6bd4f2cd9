package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.LineListener;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the sampler script on a host: its output parsed block by block and turned into ticks.
 * Every run starts from scratch (new baseline, new parser), so nothing from a dropped stream leaks
 * into the next, and lines a cancelled run still delivers are told apart by identity.
 */
final class StreamRun implements LineListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);
  /** Enough of an error line to explain a failure; the rest is noise. */
  private static final int MAX_REASON_CHARS = 300;

  private final String host;
  private final Clock clock;
  private final BiConsumer<StreamRun, RateCalculator.Tick> onTick;
  private final SampleBlockParser parser = new SampleBlockParser();
  private final RateCalculator rates;
  private volatile String lastError = "";
  private volatile String staleReason;
  private boolean warned;
  private volatile boolean started;

  StreamRun(String host, Clock clock, BiConsumer<StreamRun, RateCalculator.Tick> onTick) {
    this.host = host;
    this.clock = clock;
    this.onTick = onTick;
    this.rates = new RateCalculator(host);
  }

  @Override
  public void stdout(String line) {
    try {
      parser.accept(line).ifPresent(block -> {
        if (!started) {
          started = true;
          LOG.debug("{}: metrics flowing ({} CPUs, cgroup {})", host, parser.cpus(), parser.cgroupMode());
        }
        onTick.accept(this, rates.next(block, clock.instant(), parser.cpus()));
      });
    } catch (IllegalArgumentException e) {
      // A sampler bug must not flood the log once a second: the first one is a warning.
      if (!warned) {
        warned = true;
        LOG.warn("{}: skipping a metrics sample: {}", host, e.getMessage());
      } else {
        LOG.debug("{}: skipping a metrics sample: {}", host, e.getMessage());
      }
    }
  }

  @Override
  public void stderr(String line) {
    LOG.debug("{}: metrics script: {}", host, line);
    lastError = line.length() > MAX_REASON_CHARS ? line.substring(0, MAX_REASON_CHARS) + "..." : line;
  }

  /** Whether any block came through: until then the run is still connecting or starting. */
  boolean hasDelivered() {
    return started;
  }

  /** The run is being cancelled for silence; {@code why} becomes its end reason. */
  void markStale(String why) {
    staleReason = why;
  }

  /** Why the run ended, in words for a status line: silence, a dropped connection, or the script's exit. */
  String endReason(Integer exitCode, Throwable error) {
    if (staleReason != null) {
      return staleReason;
    }
    String detail = lastError.isEmpty() ? "" : ": " + lastError;
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      return cause.getMessage() + detail;
    }
    if (exitCode == null || exitCode == -1) {
      return "the connection dropped" + detail;
    }
    return "the sampler exited with code " + exitCode + detail;
  }
}
