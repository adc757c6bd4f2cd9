package dev.ferry.engine.probe;

import java.util.List;

/**
 * Findings about the account Ferry logs in with and the programs it drives: root, runc, Podman and
 * rsync. CRIU has its own, {@link CriuFindings}.
 */
final class AccessFindings {
  private AccessFindings() {}

  static void addTo(List<Finding> out, String host, HostFacts facts) {
    if (!facts.root()) {
      out.add(new Finding(Severity.ERROR, "NOT_ROOT",
          "Ferry is logged in to " + host + " as '" + facts.user() + "', but checkpointing containers needs root.",
          "Connect to " + host + " as root: set the user to root in Ferry's connection settings for this host"
              + " (or 'User root' for it in ~/.ssh/config)."));
    }
    if (facts.runtime(RuntimeInfo.RUNC).isEmpty()) {
      out.add(new Finding(Severity.ERROR, "RUNC_MISSING",
          "runc is not installed on " + host + "; Ferry runs and checkpoints containers with it.",
          "Install runc on " + host + " (as root: apt-get install runc; Ferry's ./ferry prepare does it)."));
    }
    facts.runtime(RuntimeInfo.PODMAN).ifPresentOrElse(podman -> {
      if (!podman.ociRuntime().isEmpty() && !podman.ociRuntime().equals(RuntimeInfo.RUNC)) {
        out.add(new Finding(Severity.INFO, "PODMAN_DEFAULT_RUNTIME",
            "Podman on " + host + " runs containers with " + podman.ociRuntime()
                + " by default, which cannot checkpoint them.",
            "Start the Podman containers you want to move with '--runtime runc', or make runc the default:"
                + " runtime = \"runc\" in the [engine] section of /etc/containers/containers.conf."));
      }
    }, () -> out.add(new Finding(Severity.INFO, "PODMAN_MISSING",
        "Podman is not installed on " + host + ", so only runc containers can be moved to or from it.",
        "Nothing to do unless you use Podman; then install it on " + host + " (apt-get install podman).")));
    if (!facts.rsync().present()) {
      out.add(new Finding(Severity.WARNING, "RSYNC_MISSING",
          "rsync is not installed on " + host + "; Ferry uses it to copy a container's files while it keeps running.",
          "Install rsync on " + host + " (as root: apt-get install rsync; Ferry's ./ferry prepare does it)."));
    }
  }
}
