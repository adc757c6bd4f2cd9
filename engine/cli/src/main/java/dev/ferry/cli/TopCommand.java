package dev.ferry.cli;

import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.metrics.MetricsListener;
import dev.ferry.engine.metrics.MetricsSettings;
import dev.ferry.engine.metrics.MetricsStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Streams a host's live figures and its containers', one block per sample, for a bounded number of samples. */
@Command(name = "top", description = "Show a host's live CPU, memory, disk and network, and its containers'.")
final class TopCommand extends HostCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = {"-n", "--samples"}, defaultValue = "10", description = "how many samples before stopping (default ${DEFAULT-VALUE})")
  private int samples;

  @Option(names = "--interval", defaultValue = "1", description = "seconds between samples (default ${DEFAULT-VALUE})")
  private double interval;

  @Override
  public Integer call() throws InterruptedException {
    var dir = cli.directory();
    MetricsSettings settings = MetricsSettings.defaults().withInterval(Duration.ofMillis((long) (interval * 1000)));
    CountDownLatch left = new CountDownLatch(samples);
    try (MetricsStream stream = new MetricsStream(dir.host(host), settings, dir.threads().scheduler())) {
      stream.addListener(new MetricsListener() {
        @Override
        public void hostSample(HostSample s) {
          if (output.json()) {
            output.printJsonLine(s);
          } else {
            output.printf("%s cpu %5.1f%%  load %.2f  mem %d/%d MiB  disk %s  net rx %.0f KB/s tx %.0f KB/s%n", s.host(), s.cpuPercent(), s.load1(),
                s.memoryUsedBytes() >> 20, s.memoryTotalBytes() >> 20,
                s.disk().map(d -> (d.usedBytes() >> 20) + "/" + (d.totalBytes() >> 20) + " MiB").orElse("-"),
                s.netRxBytesPerSecond() / 1000, s.netTxBytesPerSecond() / 1000);
          }
          left.countDown();
        }

        @Override
        public void containerSample(ContainerSample c) {
          if (output.json()) {
            output.printJsonLine(c);
          } else {
            output.printf("  %-20s cpu %5.1f%%  mem %6d KiB  pids %d%n", c.containerId(), c.cpuPercent(), c.memoryBytes() >> 10, c.pids());
          }
        }
      });
      stream.start();
      // Bounded: never waits longer than the samples asked for plus the time to connect.
      boolean done = left.await((long) (samples * interval * 1000) + 30_000, TimeUnit.MILLISECONDS);
      return done ? 0 : 1;
    }
  }
}
