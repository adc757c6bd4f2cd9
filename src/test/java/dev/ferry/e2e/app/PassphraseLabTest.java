package dev.ferry.e2e.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.e2e.app.support.AppUnderTest;
import dev.ferry.e2e.lab.LabSession;
import dev.ferry.e2e.lab.LocalProcess;
import dev.ferry.e2e.lab.RequiresLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.PasswordField;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key with a passphrase, in the real app against the lab's sshd: the engine asks from its own thread,
 * the dialog says which key and host it is for, and the login goes through with what was typed.
 */
@RequiresLab
class PassphraseLabTest {
  @RegisterExtension
  static final LabSession session = new LabSession();
  private static final String PASSPHRASE = "ferry test passphrase";
  private static AppUnderTest app;
  private static Path lockedKey;
  private static final List<String> dialogs = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startFerryWithAnEncryptedKey() throws Exception {
    Path dir = Files.createTempDirectory("ferry-passphrase");
    lockedKey = dir.resolve("lab_key_locked");
    Files.copy(session.lab().identity(), lockedKey, StandardCopyOption.COPY_ATTRIBUTES);
    LocalProcess.run(Duration.ofSeconds(20), List.of("ssh-keygen", "-q", "-p", "-P", "", "-N", PASSPHRASE, "-f", lockedKey.toString()))
        .orFail("ssh-keygen -p");
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, "Host locked-b\n  HostName 127.0.0.1\n  Port " + session.lab().host("ferry-b").port()
        + "\n  User root\n  IdentityFile " + lockedKey + "\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile "
        + session.lab().knownHosts() + "\n");
    app = AppUnderTest.start(List.of(config), List.of(), false);
  }

  @AfterAll
  static void stopFerry() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void thePassphraseDialogNamesTheKeyAndHostAndTheLoginUsesWhatWasTyped() throws Exception {
    // The known_hosts entry is filed under ferry-b's endpoint, which locked-b shares.
    app.robot().interact(() -> app.app().mainViewModel().connect(dev.ferry.app.connect.HostSpec.configured("locked-b")));
    Window dialog = app.waitFor("the passphrase dialog", Duration.ofSeconds(30), () -> app.windowWith("#secret").orElse(null));
    DialogPane pane = (DialogPane) dialog.getScene().getRoot();
    String asked = ((javafx.scene.control.Label) ((javafx.scene.layout.VBox) pane.getContent()).getChildren().get(0)).getText();
    assertThat(asked).contains(lockedKey.toString()).contains("locked-b");
    app.robot().clickOn((PasswordField) pane.lookup("#secret")).write(PASSPHRASE);
    app.robot().clickOn((javafx.scene.control.Button) pane.lookupButton(ButtonType.OK));
    HostPaneViewModel p = app.pane("locked-b", Duration.ofSeconds(5));
    app.waitFor("locked-b connected with the encrypted key", Duration.ofSeconds(60), () -> p.isConnected() && p.report().isPresent());
    assertThat(p.connection().get()).isEqualTo("connected");
    assertThat(app.windowWith("#secret")).isEmpty();
    // Nothing secret was remembered: the hosts file names the host only.
    String remembered = Files.readString(app.home().resolve("config").resolve("hosts.json"));
    assertThat(remembered).contains("locked-b").doesNotContain(PASSPHRASE);
  }
}
