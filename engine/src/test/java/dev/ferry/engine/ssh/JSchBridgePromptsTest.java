package dev.ferry.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JSchBridgePromptsTest {
  private static final SshTarget TARGET = new SshTarget("web", "10.0.0.5", 22, "root", List.of(), List.of(), List.of(), Optional.empty());
  private static final Path KEY = Path.of("/home/me/.ssh/id_ed25519");

  @Test
  void jschAskingAgainForAPassphraseMeansItWasWrongAndThePersonIsNotAskedAgain() {
    FixedCredentials person = FixedCredentials.passphrase("wrong");
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(TARGET, person);

    assertThat(prompts.promptPassphrase("Passphrase for " + KEY)).isTrue();
    assertThat(prompts.getPassphrase()).isEqualTo("wrong");
    for (int retry = 0; retry < 4; retry++) { // JSch 2.x tries a key's passphrase 5 times
      assertThat(prompts.promptPassphrase("Passphrase for " + KEY)).isTrue();
      assertThat(prompts.getPassphrase()).isNull();
    }

    assertThat(person.passphrasesAsked).hasValue(1);
    assertThat(prompts.wrongPassphraseKey).isEqualTo(KEY);
    assertThat(prompts.passphraseMissingKey).isNull();
  }

  @Test
  void rightPassphraseAskedOnceIsNotReportedWrong() {
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(TARGET, FixedCredentials.passphrase("right"));

    prompts.promptPassphrase("Passphrase for " + KEY);

    assertThat(prompts.getPassphrase()).isEqualTo("right");
    assertThat(prompts.wrongPassphraseKey).isNull();
  }

  @Test
  void declinedPassphraseSkipsOnlyThatKey() {
    FixedCredentials person = FixedCredentials.declining();
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(TARGET, person);

    assertThat(prompts.promptPassphrase("Passphrase for " + KEY)).as("carry on with other keys").isTrue();
    assertThat(prompts.getPassphrase()).isNull();
    prompts.promptPassphrase("Passphrase for " + KEY);

    assertThat(person.passphrasesAsked).hasValue(1);
    assertThat(prompts.passphraseMissingKey).isEqualTo(KEY);
    assertThat(prompts.wrongPassphraseKey).isNull();
  }

  @Test
  void passwordIsAskedOnceAndJSchsRetryIsCancelled() {
    FixedCredentials person = FixedCredentials.password("wrong");
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(TARGET, person);

    assertThat(prompts.promptPassword("Password for root@10.0.0.5")).isTrue();
    assertThat(prompts.getPassword()).isEqualTo("wrong");
    assertThat(prompts.promptPassword("Password for root@10.0.0.5")).isFalse();

    assertThat(person.passwordsAsked).hasValue(1);
    assertThat(prompts.passwordGiven).isTrue();
  }

  @Test
  void declinedPasswordIsNotReportedAsRefused() {
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(TARGET, CredentialsPrompt.NONE);

    assertThat(prompts.promptPassword("Password for root@10.0.0.5")).isFalse();

    assertThat(prompts.passwordGiven).isFalse();
  }
}
