package dev.ferry.engine.ssh;

/**
 * Decides whether to trust the key a server presents. Implementations: {@link KnownHostsVerifier}
 * (known_hosts plus a callback for unknown keys, refusing changed ones). There is deliberately no
 * accept-everything implementation in the engine: a test that needs one writes its own lambda.
 */
public interface HostKeyVerifier {
  /** Returns normally to trust the key; throws {@link SshException.HostKeyRejected} with a reason not to. */
  void verify(SshTarget target, HostKeyInfo key);
}
