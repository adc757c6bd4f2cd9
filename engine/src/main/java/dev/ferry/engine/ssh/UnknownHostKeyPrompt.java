package dev.ferry.engine.ssh;

/**
 * Asked when a host presents a key that no known_hosts file lists. The UI shows the fingerprint and
 * lets the person compare it with one obtained another way.
 */
@FunctionalInterface
public interface UnknownHostKeyPrompt {
  enum Decision { ACCEPT_AND_REMEMBER, ACCEPT_ONCE, REJECT }

  Decision decide(SshTarget target, HostKeyInfo key);

  /** Rejects every unknown key: the safe default where nobody can be asked. */
  UnknownHostKeyPrompt REJECT = (t, k) -> Decision.REJECT;
}
