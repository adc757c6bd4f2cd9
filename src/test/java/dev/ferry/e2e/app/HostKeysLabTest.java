package dev.ferry.e2e.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.connect.HostKeyDialog;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.e2e.app.support.AppUnderTest;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.RequiresLab;
import dev.ferry.engine.ssh.HostKeyInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host keys in the real app against the real lab's sshd: with a known_hosts that lacks ferry-a's key,
 * the unknown-key dialog shows its true SHA256 fingerprint and "Accept and remember" writes it; with
 * a known_hosts that files another key under ferry-b's name, the pane is blocked, says why, and gives
 * the exact ssh-keygen command.
 */
@RequiresLab
class HostKeysLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();
  private static AppUnderTest app;
  private static Path knownHosts;
  private static String endpointA;
  private static String endpointB;
  private static HostKeyInfo realKeyOfA;

  @BeforeAll
  static void startFerryWithItsOwnKnownHosts() throws Exception {
    Path dir = Files.createTempDirectory("ferry-hostkeys");
    knownHosts = dir.resolve("known_hosts");
    endpointA = "[127.0.0.1]:" + session.lab().host("ferry-a").port();
    endpointB = "[127.0.0.1]:" + session.lab().host("ferry-b").port();
    String keyOfA = keyLine(endpointA).split("\\s+")[2];
    realKeyOfA = HostKeyInfo.of(endpointA, Base64.getDecoder().decode(keyOfA));
    // ferry-a unknown; ferry-b "remembered" with ferry-a's key: to Ferry, ferry-b's key has changed.
    Files.writeString(knownHosts, endpointB + " ssh-ed25519 " + keyOfA + "\n");
    String config = Files.readString(session.lab().sshConfig()).replace(session.lab().knownHosts().toString(), knownHosts.toString());
    Path sshConfig = dir.resolve("ssh_config");
    Files.writeString(sshConfig, config);
    app = AppUnderTest.start(List.of(sshConfig), List.of("ferry-a", "ferry-b"), false);
  }

  @AfterAll
  static void stopFerry() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anUnknownKeyAsksWithItsRealFingerprintAndAcceptAndRememberWritesIt() throws Exception {
    Window dialog = app.waitFor("the unknown host key dialog", Duration.ofSeconds(30), () -> app.windowWith("#fingerprint").orElse(null));
    DialogPane pane = (DialogPane) dialog.getScene().getRoot();
    assertThat(pane.getHeaderText()).contains("ferry-a");
    assertThat(((TextField) pane.lookup("#fingerprint")).getText()).isEqualTo(realKeyOfA.fingerprint()).startsWith("SHA256:");
    assertThat(Files.readString(knownHosts)).doesNotContain(endpointA);
    app.robot().clickOn((Button) pane.lookupButton(HostKeyDialog.REMEMBER));
    HostPaneViewModel a = app.pane("ferry-a", Duration.ofSeconds(5));
    app.waitFor("ferry-a connected", Duration.ofSeconds(60), a::isConnected);
    assertThat(Files.readAllLines(knownHosts)).contains(endpointA + " ssh-ed25519 " + realKeyOfA.base64());
  }

  @Test
  void aChangedKeyIsBlockedWithWhyAndTheExactCommandThatFixesIt() throws Exception {
    HostPaneViewModel b = app.pane("ferry-b", Duration.ofSeconds(30));
    app.waitFor("ferry-b blocked", Duration.ofSeconds(60), () -> b.connection().get().startsWith("blocked"));
    assertThat(b.connection().get()).isEqualTo("blocked: the host key has changed");
    assertThat(b.problem().get()).contains("CHANGED").contains("attack");
    assertThat(b.fixCommand().get()).isEqualTo("ssh-keygen -R '" + endpointB + "' -f " + knownHosts);
    assertThat(app.robot().lookup("#fix-ferry-b").queryAs(TextField.class).getText()).isEqualTo(b.fixCommand().get());
    assertThat(b.isConnected()).isFalse();
    assertThat(b.cards()).isEmpty();
  }

  private static String keyLine(String endpoint) throws Exception {
    return Files.readAllLines(session.lab().knownHosts()).stream().filter(l -> l.startsWith(endpoint + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("the lab's known_hosts has no line for " + endpoint));
  }
}
