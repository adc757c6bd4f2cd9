package dev.ferry.e2e.ssh;

import dev.ferry.engine.ssh.SshTarget;
import java.nio.file.Path;
import java.util.List;

/** Lab hosts' SSH targets with one part changed: another known_hosts, other keys, another port. */
final class LabTargets {
  private LabTargets() {}

  static SshTarget withKnownHosts(SshTarget t, Path knownHosts) {
    return new SshTarget(t.alias(), t.hostName(), t.port(), t.user(), t.identityFiles(), List.of(knownHosts), t.jumpHosts(), t.agentSocket());
  }

  static SshTarget withIdentities(SshTarget t, List<Path> identityFiles) {
    return new SshTarget(t.alias(), t.hostName(), t.port(), t.user(), identityFiles, t.knownHostsFiles(), t.jumpHosts(), t.agentSocket());
  }

  static SshTarget withPort(SshTarget t, int port) {
    return new SshTarget(t.alias(), t.hostName(), port, t.user(), t.identityFiles(), t.knownHostsFiles(), t.jumpHosts(), t.agentSocket());
  }
}
