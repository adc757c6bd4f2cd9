package dev.ferry.engine.ssh;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A person at the prompt who answers with fixed secrets (null: declines) and is counted each time asked. */
public final class FixedCredentials implements CredentialsPrompt {
  public final AtomicInteger passphrasesAsked = new AtomicInteger();
  public final AtomicInteger passwordsAsked = new AtomicInteger();
  private final String passphrase;
  private final String password;

  private FixedCredentials(String passphrase, String password) {
    this.passphrase = passphrase;
    this.password = password;
  }

  public static FixedCredentials passphrase(String passphrase) {
    return new FixedCredentials(passphrase, null);
  }

  public static FixedCredentials password(String password) {
    return new FixedCredentials(null, password);
  }

  public static FixedCredentials declining() {
    return new FixedCredentials(null, null);
  }

  @Override
  public Optional<char[]> passphrase(SshTarget target, Path keyFile) {
    passphrasesAsked.incrementAndGet();
    return Optional.ofNullable(passphrase).map(String::toCharArray);
  }

  @Override
  public Optional<char[]> password(SshTarget target) {
    passwordsAsked.incrementAndGet();
    return Optional.ofNullable(password).map(String::toCharArray);
  }
}
