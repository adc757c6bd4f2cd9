package dev.ferry.engine.metrics;

import java.time.Duration;

/**
 * Every metrics setting, typed, with its default and the reason for it in one place. The sampler
 * script, the restart logic and the history buffers all read their numbers from here.
 *
 * @param interval time between two samples on a host
 * @param historyWindow how far back {@link MetricsHistory} keeps samples
 * @param diskEveryTicks df runs on every n-th sample only, as it is the one fork per tick besides sleep
 * @param restartInitialDelay first wait before starting a stream that ended; doubles up to restartMaxDelay
 * @param restartMaxDelay longest wait between two attempts to start a stream again
 * @param staleAfter a stream that delivered samples and then none for this long is cancelled and started again
 * @param startTimeout a stream that has delivered nothing yet is given this long before it is cancelled
 * @param maxContainersPerHost containers whose history is kept per host; more are not recorded
 */
public record MetricsSettings(
    Duration interval,
    Duration historyWindow,
    int diskEveryTicks,
    Duration restartInitialDelay,
    Duration restartMaxDelay,
    Duration staleAfter,
    Duration startTimeout,
    int maxContainersPerHost) {

  /** The shortest interval accepted: below it the sampler's own cost (~1 ms a tick) starts to show. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  public MetricsSettings {
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("metrics interval " + interval + " is below " + MIN_INTERVAL);
    }
    if (historyWindow.compareTo(interval) < 0 || diskEveryTicks < 1 || maxContainersPerHost < 1) {
      throw new IllegalArgumentException("invalid metrics settings: " + historyWindow + ", " + diskEveryTicks
          + ", " + maxContainersPerHost);
    }
    if (restartInitialDelay.isNegative() || restartMaxDelay.compareTo(restartInitialDelay) < 0
        || staleAfter.compareTo(interval.multipliedBy(2)) < 0 || startTimeout.compareTo(staleAfter) < 0) {
      throw new IllegalArgumentException("invalid metrics restart settings: " + restartInitialDelay + ", "
          + restartMaxDelay + ", " + staleAfter + ", " + startTimeout);
    }
  }

  public static MetricsSettings defaults() {
    return new MetricsSettings(
        // Meters that move once a second look live; faster only costs the host more.
        Duration.ofSeconds(1),
        // Ten minutes covers a migration and what led up to it, for sparklines and charts.
        Duration.ofMinutes(10),
        // Disk fills slowly; at 1 s a 5 s lag is invisible and saves 4 of 5 df forks.
        5,
        // SshHost retries its session from 250 ms on; starting just after gives it the first go.
        Duration.ofMillis(500),
        // Same as SshSettings' reconnectMaxDelay: metrics lag a returning sshd by ~2 s, well under 10 s.
        Duration.ofSeconds(2),
        // Well past one interval plus df's 2 s limit, yet shorter than SSH keepalives' 15 s to notice a dead peer.
        Duration.ofSeconds(10),
        // Longer than SshSettings' 15 s connect timeout: an attempt abandoned while SSH still connects
        // would leave its thread queued on the host's connect lock, and those could pile up.
        Duration.ofSeconds(30),
        // A list past a few hundred containers is unreadable; 256 x 660 samples x ~80 B is ~13 MB at most.
        256);
  }

  public MetricsSettings withInterval(Duration d) {
    Duration stale = staleAfter.compareTo(d.multipliedBy(2)) < 0 ? d.multipliedBy(2) : staleAfter;
    return new MetricsSettings(d, historyWindow, diskEveryTicks, restartInitialDelay, restartMaxDelay, stale,
        startTimeout.compareTo(stale) < 0 ? stale : startTimeout, maxContainersPerHost);
  }

  public MetricsSettings withHistoryWindow(Duration d) {
    return new MetricsSettings(interval, d, diskEveryTicks, restartInitialDelay, restartMaxDelay, staleAfter, startTimeout, maxContainersPerHost);
  }

  public MetricsSettings withDiskEveryTicks(int n) {
    return new MetricsSettings(interval, historyWindow, n, restartInitialDelay, restartMaxDelay, staleAfter, startTimeout, maxContainersPerHost);
  }

  public MetricsSettings withRestartDelays(Duration initial, Duration max) {
    return new MetricsSettings(interval, historyWindow, diskEveryTicks, initial, max, staleAfter, startTimeout, maxContainersPerHost);
  }

  /** Both silence limits: {@code stale} once samples flowed, {@code start} before the first one. */
  public MetricsSettings withSilenceLimits(Duration stale, Duration start) {
    return new MetricsSettings(interval, historyWindow, diskEveryTicks, restartInitialDelay, restartMaxDelay, stale, start, maxContainersPerHost);
  }

  /** Samples one history buffer holds: the window at this interval, plus 10% for jitter. */
  public int historyCapacity() {
    long perWindow = historyWindow.toMillis() / interval.toMillis() + 1;
    return (int) Math.min(Integer.MAX_VALUE, perWindow + perWindow / 10 + 1);
  }
}
