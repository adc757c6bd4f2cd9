package dev.ferry.engine.ssh;

import com.jcraft.jsch.AgentConnector;
import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.PageantConnector;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.UnixDomainSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the user's agent: ssh-agent's UNIX socket on Linux and macOS, Pageant (through JNA) on
 * Windows. With {@code IdentitiesOnly yes}, only agent keys whose public half matches one of the
 * target's identity files are offered, as OpenSSH does.
 */
final class AgentIdentities {
  private static final Logger LOG = LoggerFactory.getLogger(AgentIdentities.class);

  private AgentIdentities() {}

  static Optional<IdentityRepository> connect(SshTarget t) {
    try {
      Optional<AgentConnector> connector = connector(t, System.getProperty("os.name", ""), System.getenv("SSH_AUTH_SOCK"));
      if (connector.isEmpty()) {
        return Optional.empty();
      }
      IdentityRepository agent = new AgentIdentityRepository(connector.get());
      return Optional.of(t.agentUse() == SshTarget.AgentUse.MATCHING_IDENTITY_FILES ? matching(agent, publicBlobs(t.identityFiles())) : agent);
    } catch (Exception | LinkageError e) {
      LOG.debug("no usable agent for {}: {}", t.alias(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Pageant on Windows; otherwise the agent socket named in ssh_config or SSH_AUTH_SOCK, if it exists. */
  static Optional<AgentConnector> connector(SshTarget t, String osName, String authSock) throws Exception {
    if (osName.toLowerCase().startsWith("windows")) {
      return Optional.of(new PageantConnector());
    }
    Optional<Path> socket = t.agentSocket().or(() -> Optional.ofNullable(authSock).filter(s -> !s.isBlank()).map(Path::of));
    if (socket.isEmpty() || !Files.exists(socket.get())) {
      return Optional.empty();
    }
    return Optional.of(new SSHAgentConnector(new UnixDomainSocketFactory(), socket.get()));
  }

  /** The public key blobs of the identity files, read from their .pub companions. */
  static Set<String> publicBlobs(List<Path> identityFiles) {
    Set<String> blobs = new HashSet<>();
    for (Path f : identityFiles) {
      Path pub = Path.of(f + ".pub");
      try {
        if (Files.isReadable(pub)) {
          String[] fields = Files.readString(pub).strip().split("\\s+");
          if (fields.length >= 2) {
            blobs.add(fields[1]);
          }
        }
      } catch (IOException e) {
        // An unreadable .pub file just cannot select an agent key.
      }
    }
    return blobs;
  }

  private static IdentityRepository matching(IdentityRepository agent, Set<String> allowed) {
    return new JSchBridge.CombinedIdentities(List.of(agent)) {
      @Override
      public Vector<Identity> getIdentities() {
        Vector<Identity> kept = new Vector<>();
        for (Identity i : super.getIdentities()) {
          if (allowed.contains(Base64.getEncoder().encodeToString(i.getPublicKeyBlob()))) {
            kept.add(i);
          }
        }
        return kept;
      }
    };
  }
}
