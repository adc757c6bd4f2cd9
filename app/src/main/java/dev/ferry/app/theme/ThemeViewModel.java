package dev.ferry.app.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The theme: Primer light or dark from AtlantaFX, as picked, or following the system's preference,
 * which is looked at again every {@link #SYSTEM_RECHECK} so a switch of the desktop shows without a restart.
 */
public final class ThemeViewModel {
  /** Often enough to follow a desktop switch within seconds; each look is one small process. */
  public static final Duration SYSTEM_RECHECK = Duration.ofSeconds(10);
  public static final String LIGHT = new PrimerLight().getUserAgentStylesheet();
  public static final String DARK = new PrimerDark().getUserAgentStylesheet();

  private final ObjectProperty<ThemeChoice> choice = new SimpleObjectProperty<>(this, "choice", ThemeChoice.SYSTEM);
  private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(this, "dark");
  private final ReadOnlyStringWrapper stylesheet = new ReadOnlyStringWrapper(this, "stylesheet", LIGHT);
  private final ReadOnlyStringWrapper systemSays = new ReadOnlyStringWrapper(this, "systemSays", "system preference not known yet: light");
  private boolean systemDark;

  public ThemeViewModel() {
    choice.addListener((o, a, b) -> apply());
    apply();
  }

  /** Starts looking at the system's preference through {@code executor}. */
  public TaskExecutor.Cancellable followSystem(TaskExecutor executor, Callable<Optional<SystemTheme.Preference>> detector) {
    return executor.schedulePeriodically(BackgroundTask.of("system theme", detector).onSuccess(this::systemPreference), SYSTEM_RECHECK);
  }

  public void systemPreference(Optional<SystemTheme.Preference> p) {
    systemDark = p.map(SystemTheme.Preference::dark).orElse(false);
    systemSays.set(p.map(x -> "system prefers " + (x.dark() ? "dark" : "light") + " (" + x.source() + ")")
        .orElse("no system preference found: light"));
    apply();
  }

  private void apply() {
    boolean d = switch (choice.get()) {
      case LIGHT -> false;
      case DARK -> true;
      case SYSTEM -> systemDark;
    };
    dark.set(d);
    stylesheet.set(d ? DARK : LIGHT);
  }

  public ObjectProperty<ThemeChoice> choice() {
    return choice;
  }

  public ReadOnlyBooleanProperty dark() {
    return dark.getReadOnlyProperty();
  }

  /** The user-agent stylesheet to apply. */
  public ReadOnlyStringProperty stylesheet() {
    return stylesheet.getReadOnlyProperty();
  }

  /** What the system preference is and where it was read, for a tooltip. */
  public ReadOnlyStringProperty systemSays() {
    return systemSays.getReadOnlyProperty();
  }
}
