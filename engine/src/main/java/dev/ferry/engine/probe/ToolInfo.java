package dev.ferry.engine.probe;

import java.util.Optional;

/**
 * A program Ferry relies on, as found on a host: where it is and the version it reports. An absent
 * tool has an empty path and version rather than nulls, so callers ask {@link #present()}.
 */
public record ToolInfo(String name, String path, String version) {
  public static ToolInfo absent(String name) {
    return new ToolInfo(name, "", "");
  }

  public boolean present() {
    return !path.isEmpty();
  }

  public Optional<Version> parsedVersion() {
    return Version.find(version);
  }
}
