package dev.ferry.engine.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where and as whom to connect, after ~/.ssh/config has been applied: the name the user typed
 * ({@code alias}), the real address, port and user, the key files to offer, the known_hosts files to
 * check, and any jump hosts to pass through, outermost first.
 */
public record SshTarget(
    String alias,
    String hostName,
    int port,
    String user,
    List<Path> identityFiles,
    List<Path> knownHostsFiles,
    List<SshTarget> jumpHosts,
    Optional<Path> agentSocket,
    AgentUse agentUse) {

  /**
   * Which ssh-agent keys to offer: all of them, only those whose public key matches one of the
   * identity files (ssh_config's {@code IdentitiesOnly yes}), or none ({@code IdentityAgent none}).
   */
  public enum AgentUse { ANY, MATCHING_IDENTITY_FILES, NONE }

  /** A target that offers every agent key, as OpenSSH does by default. */
  public SshTarget(String alias, String hostName, int port, String user, List<Path> identityFiles, List<Path> knownHostsFiles,
      List<SshTarget> jumpHosts, Optional<Path> agentSocket) {
    this(alias, hostName, port, user, identityFiles, knownHostsFiles, jumpHosts, agentSocket, AgentUse.ANY);
  }

  public SshTarget {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range (1-65535)");
    }
    identityFiles = List.copyOf(identityFiles);
    knownHostsFiles = List.copyOf(knownHostsFiles);
    jumpHosts = List.copyOf(jumpHosts);
  }

  /** How OpenSSH names this endpoint in known_hosts: {@code host} on port 22, {@code [host]:port} otherwise. */
  public String knownHostsName() {
    return port == 22 ? hostName : "[" + hostName + "]:" + port;
  }

  @Override
  public String toString() {
    return user + "@" + hostName + ":" + port + (alias.equals(hostName) ? "" : " (" + alias + ")");
  }
}
