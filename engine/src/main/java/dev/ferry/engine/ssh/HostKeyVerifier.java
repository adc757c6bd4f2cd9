package dev.ferry.engine.ssh;

/**
 * Decides whether to trust the key a server presents. Implementations: {@link KnownHostsVerifier}
 * (known_hosts plus a callback for unknown keys, refusing changed ones) for real use, and
 * {@link #ACCEPT_ANY_FOR_TESTS_ONLY} for unit tests that have no way to know a key beforehand.
 */
public interface HostKeyVerifier {
  /** Returns normally to trust the key; throws {@link SshException.HostKeyRejected} with a reason not to. */
  void verify(SshTarget target, HostKeyInfo key);

  /** Trusts every key. Never use it against a real host: it defeats the protection SSH gives. */
  HostKeyVerifier ACCEPT_ANY_FOR_TESTS_ONLY = (target, key) -> { };
}
