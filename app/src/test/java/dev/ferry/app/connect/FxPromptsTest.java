package dev.ferry.app.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.UiThread;
import dev.ferry.engine.ssh.HostKeyInfo;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FxPromptsTest {
  private final SshTarget target = new SshTarget("ferry-b", "127.0.0.1", 2222, "root", List.of(Path.of("/keys/id_ed25519")),
      List.of(Path.of("/tmp/known_hosts")), List.of(), Optional.empty());

  @Test
  void aPassphraseIsAskedOnceNamingTheKeyAndTheHostThenReusedForReconnects() {
    List<SecretQuestion> asked = new ArrayList<>();
    FxCredentialsPrompt prompt = new FxCredentialsPrompt(UiThread.DIRECT, (q, reply) -> {
      asked.add(q);
      reply.accept(Optional.of("s3cret".toCharArray()));
    });
    assertThat(prompt.passphrase(target, Path.of("/keys/id_ed25519"))).hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("s3cret"));
    assertThat(prompt.passphrase(target, Path.of("/keys/id_ed25519"))).isPresent();
    assertThat(asked).singleElement().satisfies(q -> assertThat(q.forWhat()).contains("/keys/id_ed25519").contains("ferry-b"));
  }

  @Test
  void aPasswordSaysForWhichUserAndHostAndCancelGivesNothingAndIsAskedAgain() {
    List<SecretQuestion> asked = new ArrayList<>();
    FxCredentialsPrompt prompt = new FxCredentialsPrompt(UiThread.DIRECT, (q, reply) -> {
      asked.add(q);
      reply.accept(Optional.empty());
    });
    assertThat(prompt.password(target)).isEmpty();
    assertThat(prompt.password(target)).isEmpty();
    assertThat(asked).hasSize(2).allSatisfy(q -> assertThat(q.forWhat()).contains("root").contains("127.0.0.1:2222"));
  }

  @Test
  void aForgottenSecretIsAskedForAgain() {
    int[] asked = {0};
    FxCredentialsPrompt prompt = new FxCredentialsPrompt(UiThread.DIRECT, (q, reply) -> {
      asked[0]++;
      reply.accept(Optional.of("pw".toCharArray()));
    });
    prompt.password(target);
    prompt.forget(target);
    prompt.password(target);
    assertThat(asked[0]).isEqualTo(2);
  }

  @Test
  void theHostKeyDialogGetsTheFingerprintAndTypeAndEachAnswerMapsToTheEnginesDecision() {
    HostKeyInfo key = HostKeyInfo.of("[127.0.0.1]:2222", blob("ssh-ed25519"));
    List<HostKeyQuestion> shown = new ArrayList<>();
    HostKeyQuestion.Answer[] answer = {HostKeyQuestion.Answer.ACCEPT_ONCE};
    FxHostKeyPrompt prompt = new FxHostKeyPrompt(UiThread.DIRECT, (q, reply) -> {
      shown.add(q);
      reply.accept(answer[0]);
    });
    assertThat(prompt.decide(target, key)).isEqualTo(UnknownHostKeyPrompt.Decision.ACCEPT_ONCE);
    answer[0] = HostKeyQuestion.Answer.ACCEPT_AND_REMEMBER;
    assertThat(prompt.decide(target, key)).isEqualTo(UnknownHostKeyPrompt.Decision.ACCEPT_AND_REMEMBER);
    answer[0] = HostKeyQuestion.Answer.CANCEL;
    assertThat(prompt.decide(target, key)).isEqualTo(UnknownHostKeyPrompt.Decision.REJECT);
    assertThat(shown.get(0)).isEqualTo(new HostKeyQuestion("ferry-b", "[127.0.0.1]:2222", "ssh-ed25519", key.fingerprint(),
        "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"));
  }

  private static byte[] blob(String type) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + name.length + 4 + 32).putInt(name.length).put(name).putInt(32).put(new byte[32]).array();
  }
}
