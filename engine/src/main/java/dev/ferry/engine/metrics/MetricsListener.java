package dev.ferry.engine.metrics;

/**
 * Hears a host's metrics stream. Every method has a no-op default; all are called on an engine
 * thread, in order for one host, and must return quickly (hand work to the UI's executor).
 */
public interface MetricsListener {
  /** A new host sample; sent once per interval, before that tick's container samples. */
  default void hostSample(HostSample sample) {}

  default void containerSample(ContainerSample sample) {}

  /** A container seen in the previous sample is gone from the host (deleted or migrated away). */
  default void containerGone(String host, String containerId) {}

  /** The stream ended unexpectedly; Ferry keeps trying to start it again until stopped. */
  default void streamStopped(String host, String reason) {}

  /** Samples flow again after {@link #streamStopped}. */
  default void streamResumed(String host) {}
}
