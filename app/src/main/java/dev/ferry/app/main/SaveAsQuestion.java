package dev.ferry.app.main;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Where to save an export (a chart, the history table): in the app, the platform's own save dialog;
 * in the end-to-end tests, the answer a person would type, given beforehand, since no robot can drive
 * a native dialog. The composition root picks one and hands it to the views that export.
 */
@FunctionalInterface
public interface SaveAsQuestion {
  /**
   * The file chosen for {@code suggestedName} (a {@code kind} file matching {@code pattern}, such as
   * "*.png"), empty when the person cancelled. Asked on the FX thread, over {@code owner} (may be null).
   */
  Optional<Path> ask(Window owner, String suggestedName, String kind, String pattern);

  /** The platform's save dialog (JavaFX's FileChooser). */
  static SaveAsQuestion platformDialog() {
    return (owner, suggestedName, kind, pattern) -> {
      FileChooser chooser = new FileChooser();
      chooser.setInitialFileName(suggestedName);
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
      return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
    };
  }
}
