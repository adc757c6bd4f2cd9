package dev.ferry.e2e.ssh;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.engine.ssh.SshConfigFile;
import dev.ferry.engine.ssh.SshTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Lab hosts as SSH targets, resolved through the lab's ssh config, and copies with one part changed. */
final class LabTargets {
  private LabTargets() {}

  static SshTarget resolve(Lab lab, String alias) {
    try {
      return SshConfigFile.read(List.of(lab.sshConfig()), Path.of(System.getProperty("user.home"))).resolve(alias, "root");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
