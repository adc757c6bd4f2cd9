package dev.ferry.app.bench;

import dev.ferry.engine.hosts.HostDirectory;
import dev.ferry.engine.metrics.MetricsRecording;
import dev.ferry.engine.metrics.MetricsSettings;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.util.EngineThreads;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Records a real host's metrics stream for the app benchmark: {@code RecordMetrics HOST SECONDS FILE}
 * runs the engine's sampler (metrics.sh) over SSH, read-only, and writes the lines it printed with
 * their timing. Hosts come from ~/.ssh/config and the running labs; unknown host keys are refused.
 */
public final class RecordMetrics {
  private RecordMetrics() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: RecordMetrics HOST SECONDS FILE");
      System.exit(2);
    }
    try (EngineThreads threads = new EngineThreads();
        HostDirectory hosts = new HostDirectory(HostDirectory.defaultConfigFiles(), SshSettings.defaults(),
            new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT), CredentialsPrompt.NONE, threads)) {
      SshHost host = hosts.host(args[0]);
      host.connect();
      MetricsRecording r = MetricsRecording.capture(host, MetricsSettings.defaults(), Duration.ofSeconds(Long.parseLong(args[1])));
      r.write(Path.of(args[2]));
      System.out.println("ferry: recorded " + r.lines().size() + " sampler lines of " + args[0] + " to " + args[2]);
    }
  }
}
