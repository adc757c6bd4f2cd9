package dev.ferry.engine.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the person for a secret when a login needs one: the passphrase of an encrypted key file, or,
 * as the last resort after keys and the agent, a password. Each is asked at most once per login.
 * Returning empty skips that key, or gives up on the password.
 * Secrets are passed on to the SSH library and never logged or kept by Ferry.
 */
public interface CredentialsPrompt {
  default Optional<char[]> passphrase(SshTarget target, Path keyFile) {
    return Optional.empty();
  }

  default Optional<char[]> password(SshTarget target) {
    return Optional.empty();
  }

  /** Never asks: key files without passphrase and the agent only. */
  CredentialsPrompt NONE = new CredentialsPrompt() { };
}
