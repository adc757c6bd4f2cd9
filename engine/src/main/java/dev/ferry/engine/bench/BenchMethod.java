package dev.ferry.engine.bench;

import dev.ferry.engine.migration.Strategy;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a container is moved in the benchmark: Ferry with each strategy (or its own choice), the script a
 * user would write around runc, and Podman's own checkpoint export and restore import.
 */
public enum BenchMethod {
  FERRY_AUTO("ferry-auto", Optional.empty()),
  STOP_AND_COPY("stop-and-copy", Optional.of(Strategy.STOP_AND_COPY)),
  POST_COPY("post-copy", Optional.of(Strategy.POST_COPY)),
  PRE_COPY("pre-copy", Optional.of(Strategy.PRE_COPY)),
  /** runc checkpoint, tar over a new ssh from host to host, runc restore (issue #11). */
  SCRIPT("script", Optional.empty()),
  /** podman container checkpoint --export, scp, podman container restore --import, on a Podman container. */
  PODMAN("podman", Optional.empty());

  private final String label;
  private final Optional<Strategy> strategy;

  BenchMethod(String label, Optional<Strategy> strategy) {
    this.label = label;
    this.strategy = strategy;
  }

  public String label() {
    return label;
  }

  /** The strategy Ferry is asked for; empty for Ferry's own choice and for the methods that are not Ferry. */
  public Optional<Strategy> strategy() {
    return strategy;
  }

  public boolean ferry() {
    return this != SCRIPT && this != PODMAN;
  }

  public static BenchMethod parse(String text) {
    return Arrays.stream(values()).filter(m -> m.label.equalsIgnoreCase(text)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown method '" + text + "': use " + Arrays.stream(values()).map(BenchMethod::label).collect(Collectors.joining(", "))));
  }
}
