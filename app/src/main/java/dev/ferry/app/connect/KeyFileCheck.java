package dev.ferry.app.connect;

import java.nio.file.Files;
import java.nio.file.Path;

/** Looks at a key file on disk. Blocks on the file system: the connect view model runs it through the executor. */
@FunctionalInterface
public interface KeyFileCheck {
  enum Status { OK, MISSING, FOLDER, UNREADABLE }

  Status check(Path file);

  KeyFileCheck FILE_SYSTEM = file -> {
    if (!Files.exists(file)) {
      return Status.MISSING;
    }
    if (Files.isDirectory(file)) {
      return Status.FOLDER;
    }
    return Files.isReadable(file) ? Status.OK : Status.UNREADABLE;
  };
}
