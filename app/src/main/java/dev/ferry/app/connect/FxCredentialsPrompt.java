package dev.ferry.app.connect;

import dev.ferry.app.tasks.UiQuestion;
import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.SshTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The engine's {@link CredentialsPrompt} as dialogs: called on an engine thread during a login, it
 * asks on the UI thread, naming the key file or the user and host, and waits (that engine thread
 * only) for the answer. Each secret is asked once per run: it is kept in memory for reconnects,
 * never written or logged, and forgotten when the login it gave is refused.
 */
public final class FxCredentialsPrompt implements CredentialsPrompt {
  /** Long enough to fetch a password manager; short enough that an abandoned dialog frees its thread. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

  private final UiThread ui;
  private final BiConsumer<SecretQuestion, Consumer<Optional<char[]>>> dialog;
  private final Map<String, char[]> asked = new ConcurrentHashMap<>();

  /** {@code dialog} shows the question on the UI thread and replies once, empty for Cancel. */
  public FxCredentialsPrompt(UiThread ui, BiConsumer<SecretQuestion, Consumer<Optional<char[]>>> dialog) {
    this.ui = ui;
    this.dialog = dialog;
  }

  @Override
  public Optional<char[]> passphrase(SshTarget target, Path keyFile) {
    return ask("key " + keyFile, new SecretQuestion("Passphrase for a key",
        "The key " + keyFile + " is encrypted. Enter its passphrase to log in to " + target.alias() + "."));
  }

  @Override
  public Optional<char[]> password(SshTarget target) {
    return ask("password " + target.user() + "@" + target.hostName() + ":" + target.port(), new SecretQuestion("Password",
        "Password for " + target.user() + " on " + target.alias() + " (" + target.hostName() + ":" + target.port() + ")."));
  }

  /** Forgets what was given for {@code target}, so the next login asks again (after a refusal). */
  public void forget(SshTarget target) {
    asked.keySet().removeIf(k -> k.equals("password " + target.user() + "@" + target.hostName() + ":" + target.port())
        || target.identityFiles().stream().anyMatch(f -> k.equals("key " + f)));
  }

  private Optional<char[]> ask(String key, SecretQuestion question) {
    char[] known = asked.get(key);
    if (known != null) {
      return Optional.of(known.clone());
    }
    Optional<char[]> answer = UiQuestion.ask(ui, question.title(), reply -> dialog.accept(question, reply), Optional.empty(), ANSWER_TIMEOUT);
    answer.ifPresent(secret -> asked.put(key, secret.clone()));
    return answer;
  }
}
