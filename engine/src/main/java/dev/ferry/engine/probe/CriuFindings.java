package dev.ferry.engine.probe;

import java.util.List;

/**
 * Findings about CRIU on a host: whether it is there, new enough for the kernel, and passes its own
 * check, and which migration strategies its features allow. Feature findings are only given when
 * CRIU works, because a broken CRIU reports every feature as missing.
 */
final class CriuFindings {
  private static final String INSTALL = "install CRIU " + HostLimits.criuMinimum() + " or newer (Ferry's ./ferry prepare does it)";

  private CriuFindings() {}

  static void addTo(List<Finding> out, String host, HostFacts facts) {
    CriuInfo criu = facts.criu();
    if (!criu.installed()) {
      out.add(new Finding(Severity.ERROR, "CRIU_MISSING", "CRIU is not installed on " + host
          + "; without it no container can be checkpointed there.", "On " + host + ", " + INSTALL + "."));
      return;
    }
    if (HostLimits.criuTooOldForKernel(facts)) {
      out.add(new Finding(Severity.ERROR, "CRIU_TOO_OLD", "CRIU " + criu.version() + " cannot work with kernel "
          + facts.kernel() + " on " + host + (criu.checkPassed() ? "." : " (it stops with: " + criu.firstError() + ")."),
          "On " + host + ", " + INSTALL + ". Older CRIU fails on kernels newer than 6.1:"
              + " 3.17 does not start, and 4.1 cannot keep network connections."));
    } else if (!criu.checkPassed() && facts.root()) {
      // Without root the check always fails; NOT_ROOT already says what to do.
      out.add(new Finding(Severity.ERROR, "CRIU_CHECK_FAILED",
          "CRIU's self-check fails on " + host + ": " + criu.firstError(),
          "Run 'criu check' as root on " + host + " to see its whole answer. Usually the kernel lacks"
              + " checkpoint/restore support, or CRIU is too old for it: " + INSTALL + "."));
    }
    if (criu.checkPassed()) {
      addFeatureFindings(out, host, facts);
      addNetworkLockFindings(out, host, facts.networkLock());
    }
  }

  private static void addFeatureFindings(List<Finding> out, String host, HostFacts facts) {
    CriuInfo criu = facts.criu();
    if (!criu.preCopy()) {
      out.add(new Finding(criu.postCopy() ? Severity.INFO : Severity.WARNING, "NO_DIRTY_TRACKING",
          "Pre-copy is not possible on " + host + ": its kernel does not track which memory changed.",
          "Migrations still work: memory is copied while the container is frozen. For pre-copy, " + host + " needs a kernel built with CONFIG_MEM_SOFT_DIRTY (Debian's own kernels are)."));
    }
    if (!criu.postCopy()) {
      out.add(new Finding(Severity.WARNING, "NO_USERFAULTFD",
          "Post-copy (lazy pages) is not possible on " + host + ": its kernel lacks userfaultfd.",
          "Migrations still work, but the container stays frozen while its memory is copied."
              + " For post-copy, " + host + " needs a kernel built with CONFIG_USERFAULTFD (Debian's own kernels are)."));
    } else if (facts.pipeMaxSize() > 0 && facts.pipeMaxSize() < HostLimits.MIN_PIPE_MAX_SIZE) {
      out.add(new Finding(Severity.WARNING, "PIPE_MAX_SIZE_LOW",
          "Post-copy will fail on " + host + ": fs.pipe-max-size is " + facts.pipeMaxSize() + " bytes, lazy pages need "
              + HostLimits.MIN_PIPE_MAX_SIZE + ".",
          "As root on " + host + ", put 'fs.pipe-max-size = " + HostLimits.MIN_PIPE_MAX_SIZE
              + "' in /etc/sysctl.d/ferry.conf and run 'sysctl --system'."));
    }
    if (!criu.supports(CriuFeature.TCP_HALF_CLOSED)) {
      out.add(new Finding(Severity.INFO, "NO_TCP_HALF_CLOSED",
          "TCP connections that one side has already closed cannot be moved from " + host + ".",
          "Only containers holding such connections are affected; a newer kernel lifts the limit."));
    }
  }

  private static void addNetworkLockFindings(List<Finding> out, String host, NetworkLock lock) {
    if (lock.usable()) {
      return;
    }
    if (NetworkLock.NFTABLES.equals(lock.backend())) {
      out.add(new Finding(Severity.ERROR, "NETWORK_LOCK_MISSING", "CRIU on " + host + " is set to lock the network"
          + " with nftables (in " + lock.configuredIn() + "), but this CRIU cannot.",
          "On " + host + ", remove the network-lock line from " + lock.configuredIn() + " and install iptables"
              + " (apt-get install iptables), or " + INSTALL + "."));
    } else {
      out.add(new Finding(Severity.ERROR, "NETWORK_LOCK_MISSING", "CRIU cannot lock the network of a container on "
          + host + " during a checkpoint: iptables is not installed.",
          "Install iptables on " + host + " (as root: apt-get install iptables)" + (lock.criuNftables()
              ? ", or let CRIU use nftables: add the line 'network-lock nftables' to /etc/criu/default.conf." : ".")));
    }
  }
}
