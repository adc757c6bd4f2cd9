package dev.ferry.app.migration;

import dev.ferry.app.theme.ThemeViewModel;
import dev.ferry.engine.migration.MigrationReport;
import javafx.application.Application;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** The notification at the end of a migration: "moved in X s, frozen Y ms", or what stopped it and where the container runs. */
final class MigrationNotifications {
  // Long enough to read two lines on a projector.
  private static final Duration SHOWN_FOR = Duration.seconds(8);

  private MigrationNotifications() {}

  /** Whether the app shows AtlantaFX's dark theme now (the theme feature sets the user agent stylesheet). */
  static boolean darkTheme() {
    return ThemeViewModel.DARK.equals(Application.getUserAgentStylesheet());
  }

  static void show(MigrationReport r, javafx.stage.Window owner) {
    Notifications n = Notifications.create()
        .title(r.container() + ": " + r.source() + " → " + r.destination())
        .text(OutcomeWords.moved(r) ? OutcomeWords.headline(r) : OutcomeWords.headline(r) + "\n" + OutcomeWords.whereNow(r))
        .hideAfter(SHOWN_FOR);
    if (owner != null) {
      n.owner(owner);
    }
    if (darkTheme()) {
      // ControlsFX draws its own popup: told the theme, it matches AtlantaFX's dark Primer.
      n.darkStyle();
    }
    if (OutcomeWords.moved(r)) {
      n.showInformation();
    } else {
      n.showError();
    }
  }
}
