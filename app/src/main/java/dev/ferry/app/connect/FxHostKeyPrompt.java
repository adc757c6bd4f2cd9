package dev.ferry.app.connect;

import dev.ferry.app.tasks.UiQuestion;
import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.ssh.HostKeyInfo;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The engine's {@link UnknownHostKeyPrompt} as a dialog: the host, its key type and SHA256
 * fingerprint, and the choice to accept and remember it, accept it once, or cancel. Called on an
 * engine thread, which alone waits. Changed keys never come here: the engine refuses them outright.
 */
public final class FxHostKeyPrompt implements UnknownHostKeyPrompt {
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

  private final UiThread ui;
  private final BiConsumer<HostKeyQuestion, Consumer<HostKeyQuestion.Answer>> dialog;

  public FxHostKeyPrompt(UiThread ui, BiConsumer<HostKeyQuestion, Consumer<HostKeyQuestion.Answer>> dialog) {
    this.ui = ui;
    this.dialog = dialog;
  }

  @Override
  public Decision decide(SshTarget target, HostKeyInfo key) {
    HostKeyQuestion q = question(target, key);
    HostKeyQuestion.Answer answer = UiQuestion.ask(ui, "host key of " + target.alias(), reply -> dialog.accept(q, reply),
        HostKeyQuestion.Answer.CANCEL, ANSWER_TIMEOUT);
    return switch (answer) {
      case ACCEPT_AND_REMEMBER -> Decision.ACCEPT_AND_REMEMBER;
      case ACCEPT_ONCE -> Decision.ACCEPT_ONCE;
      case CANCEL -> Decision.REJECT;
    };
  }

  static HostKeyQuestion question(SshTarget target, HostKeyInfo key) {
    String shortType = key.type().replace("ssh-", "").replace("ecdsa-sha2-nistp256", "ecdsa");
    return new HostKeyQuestion(target.alias(), target.knownHostsName(), key.type(), key.fingerprint(),
        "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType + "_key.pub");
  }
}
