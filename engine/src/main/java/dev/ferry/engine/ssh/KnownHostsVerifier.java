package dev.ferry.engine.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts what the target's known_hosts files remember, asks {@link UnknownHostKeyPrompt} about keys
 * they do not list (and remembers accepted ones in the first file, in OpenSSH's format), and refuses
 * a changed key outright, with the reason and the way to fix it if the change is legitimate. A key
 * of another type than the one remembered counts as changed: the host is known, and a server that
 * suddenly offers only a kind of key it never showed before is what an interception looks like.
 */
public final class KnownHostsVerifier implements HostKeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

  private final UnknownHostKeyPrompt prompt;

  public KnownHostsVerifier(UnknownHostKeyPrompt prompt) {
    this.prompt = prompt;
  }

  @Override
  public void verify(SshTarget target, HostKeyInfo key) {
    try {
      for (Path file : target.knownHostsFiles()) {
        switch (new KnownHostsFile(file).check(key)) {
          case KNOWN:
            return;
          case REVOKED:
            throw new SshException.HostKeyRejected("The " + key.type() + " key of " + target.alias()
                + " is marked @revoked in " + file + ". Ferry will not connect with it.", false);
          case CHANGED:
            throw new SshException.HostKeyRejected("The host key of " + target.alias() + " (" + target.knownHostsName()
                + ") has CHANGED since it was remembered in " + file + ". This may be an attack (someone"
                + " intercepting the connection), so Ferry refuses to connect. If the host was reinstalled or"
                + " its key was replaced on purpose, remove the old entry with: ssh-keygen -R '"
                + target.knownHostsName() + "' -f " + file + " and connect again. New key: " + key.fingerprint(), true);
          case OTHER_TYPE:
            throw new SshException.HostKeyRejected("The host " + target.alias() + " (" + target.knownHostsName() + ") is known in "
                + file + " with a key of another type (" + String.join(", ", new KnownHostsFile(file).knownTypes(target.knownHostsName()))
                + "), but it now presented only a " + key.type() + " key. This may be an attack (someone intercepting the"
                + " connection who lacks the real key), so Ferry refuses to connect. If the host's keys were replaced on purpose,"
                + " remove the old entry with: ssh-keygen -R '" + target.knownHostsName() + "' -f " + file
                + " and connect again. New key: " + key.fingerprint(), true);
          default:
            break;
        }
      }
      UnknownHostKeyPrompt.Decision decision = prompt.decide(target, key);
      switch (decision) {
        case ACCEPT_AND_REMEMBER -> {
          Path file = target.knownHostsFiles().get(0);
          new KnownHostsFile(file).add(key);
          LOG.info("Remembered {} in {}", key, file);
        }
        case ACCEPT_ONCE -> LOG.info("Trusting {} for this connection only", key);
        case REJECT -> throw new SshException.HostKeyRejected("The host key of " + target.alias() + " is not known ("
            + key.fingerprint() + ") and was not accepted. Compare the fingerprint with the one the host's"
            + " administrator sees (ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(key.type()) + "_key.pub), then accept it.", false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write known_hosts for " + target.alias() + ": " + e.getMessage(), e);
    }
  }

  private static String shortType(String type) {
    return type.replace("ssh-", "").replace("ecdsa-sha2-nistp256", "ecdsa");
  }
}
