package dev.ferry.engine.probe;

import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what a host is and what it can do, in one round trip: a single constant script prints
 * every fact in marked sections and {@link ProbeParser} reads them. One command instead of twenty
 * because each extra command over SSH costs a channel and a round trip (field notes §2), and a
 * hosts view probes every host at once.
 */
public final class HostProbe {
  private static final Logger LOG = LoggerFactory.getLogger(HostProbe.class);
  /**
   * The whole probe. It takes 0.45 s here; criu check takes up to about 1 s on a slow host and runs
   * six times, and the script stops any one CRIU or Podman call after 10 s (after a hung criu check it
   * skips the feature checks), so 40 s is only reached by a host that is itself in trouble.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(40);

  private final RemoteHost host;

  public HostProbe(RemoteHost host) {
    this.host = host;
  }

  /** Probes the host and waits for the facts. Blocks: never call it on the UI thread. */
  public HostFacts probe() {
    return parse(host.exec(ProbeScript.command(), TIMEOUT));
  }

  /** Probes the host and judges it. Blocks, like {@link #probe()}. */
  public HostReport report() {
    return toReport(probe());
  }

  /**
   * Probes without blocking. The command runs on the host's own I/O threads; parsing, judging and any
   * non-async stage chained onto the result run on {@code executor}.
   */
  public CompletableFuture<HostReport> probeAsync(Executor executor) {
    return host.execAsync(ProbeScript.command(), TIMEOUT).thenApplyAsync(r -> toReport(parse(r)), executor);
  }

  private HostFacts parse(ExecResult result) {
    if (!result.ok()) {
      throw new ProbeException("Probing " + host.name() + " failed (exit " + result.exitCode() + "): "
          + result.stderr().strip());
    }
    try {
      HostFacts facts = ProbeParser.parse(result.stdout());
      LOG.debug("probed {}: {} {}, criu {}", host.name(), facts.os(), facts.kernel(), facts.criu().version());
      return facts;
    } catch (ProbeException e) {
      throw new ProbeException("Probing " + host.name() + " failed: " + e.getMessage());
    }
  }

  private HostReport toReport(HostFacts facts) {
    return new HostReport(host.name(), facts, HostFindings.of(host.name(), facts));
  }
}
