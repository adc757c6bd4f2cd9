package dev.ferry.app.about;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.FerryVersion;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The About dialog as users see it: icon, the pom's version, what hosts need, and the bundled libraries' licences. */
@ExtendWith(ApplicationExtension.class)
class AboutDialogFxTest {
  private Stage owner;

  @Start
  void start(Stage stage) {
    owner = stage;
    stage.setScene(new javafx.scene.Scene(new StackPane(), 300, 200));
    stage.show();
  }

  private AboutDialog open(FxRobot robot) {
    AboutDialog[] d = {null};
    robot.interact(() -> d[0] = AboutDialog.show(owner, new AboutViewModel(new CurrentThreadTaskExecutor())));
    WaitForAsyncUtils.waitForFxEvents();
    return d[0];
  }

  @Test
  void showsFerrysIconVersionAndWhatHostsNeed(FxRobot robot) {
    AboutDialog d = open(robot);
    var pane = d.dialog().getDialogPane();
    Image icon = ((ImageView) pane.lookup("#about-icon")).getImage();
    assertThat(icon.isError()).isFalse();
    assertThat(icon.getWidth()).isEqualTo(128);
    // The icon's blue tile at its centre-left, not a blank placeholder.
    assertThat(icon.getPixelReader().getColor(20, 64).getBlue()).isGreaterThan(0.5);
    assertThat(((Label) pane.lookup("#about-version")).getText()).isEqualTo("Version " + FerryVersion.current());
    List<String> needs = ((VBox) pane.lookup("#about-requirements")).getChildren().stream().map(n -> ((Label) n).getText()).toList();
    assertThat(needs).anyMatch(l -> l.contains("CRIU 4.2 or newer")).anyMatch(l -> l.contains("runc"));
    assertThat(((Label) pane.lookup("#about-ferry-licence")).getText()).isEqualTo("Ferry itself: no licence declared yet");
    assertThat(((Stage) pane.getScene().getWindow()).getIcons()).hasSize(AppIcons.WINDOW_SIZES.size());
    robot.interact(() -> d.dialog().close());
  }

  @Test
  void listsEveryBundledLibraryWithItsLicenceFromTheBuild(FxRobot robot) {
    AboutDialog d = open(robot);
    @SuppressWarnings("unchecked")
    TableView<BundledLicence> table = (TableView<BundledLicence>) d.dialog().getDialogPane().lookup("#about-licences");
    assertThat(table.getItems()).extracting(BundledLicence::coordinates)
        .anyMatch(c -> c.startsWith("org.openjfx:javafx-controls:"))
        .anyMatch(c -> c.startsWith("com.fasterxml.jackson.core:jackson-databind:"))
        .anyMatch(c -> c.startsWith("com.github.mwiede:jsch:"))
        .noneMatch(c -> c.startsWith("dev.ferry:"));
    assertThat(table.getItems()).filteredOn(l -> l.coordinates().startsWith("io.github.mkpaz:atlantafx-base:"))
        .singleElement().satisfies(l -> assertThat(l.licences()).containsExactly("MIT License"));
    assertThat(table.getItems()).allSatisfy(l -> assertThat(l.licences()).isNotEmpty().allSatisfy(x -> assertThat(x).isNotBlank()));
    robot.interact(() -> d.dialog().close());
  }

  @Test
  void aLicenceLineSplitsIntoCoordinatesLicencesAndName() {
    BundledLicence l = BundledLicence.parse("net.java.dev.jna:jna:5.15.0\tApache-2.0 | LGPL-2.1-or-later\tJava Native Access");
    assertThat(l.version()).isEqualTo("5.15.0");
    assertThat(l.licences()).containsExactly("Apache-2.0", "LGPL-2.1-or-later");
    assertThat(l.licencesText()).isEqualTo("Apache-2.0 / LGPL-2.1-or-later");
  }
}
