package dev.ferry.app.migration;

import dev.ferry.engine.migration.MigrationReport;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** The notification at the end of a migration: "moved in X s, frozen Y ms", or what stopped it and where the container runs. */
final class MigrationNotifications {
  // Long enough to read two lines on a projector.
  private static final Duration SHOWN_FOR = Duration.seconds(8);

  private MigrationNotifications() {}

  static void show(MigrationReport r, javafx.stage.Window owner) {
    Notifications n = Notifications.create()
        .title(r.container() + ": " + r.source() + " → " + r.destination())
        .text(OutcomeWords.moved(r) ? OutcomeWords.headline(r) : OutcomeWords.headline(r) + "\n" + OutcomeWords.whereNow(r))
        .hideAfter(SHOWN_FOR);
    if (owner != null) {
      n.owner(owner);
    }
    if (OutcomeWords.moved(r)) {
      n.showInformation();
    } else {
      n.showError();
    }
  }
}
