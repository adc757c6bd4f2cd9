package dev.ferry.engine.container;

import java.util.List;

/**
 * A container runtime on one host (runc, Podman, ...). Adding a runtime means one new class that
 * implements this, plus a line in {@link Runtimes}; nothing else changes.
 */
public interface ContainerRuntime {
  /** Short name shown to people: "runc", "podman". */
  String name();

  List<ContainerInfo> list();

  ContainerInfo inspect(ContainerName id);

  /** Starts a stopped or created container. */
  void start(ContainerName id);

  /** Asks the container to stop (SIGTERM), and kills it if it has not stopped within the grace period. */
  void stop(ContainerName id);

  void pause(ContainerName id);

  void resume(ContainerName id);

  /** Removes a stopped container (force kills a running one). Its bundle on disk stays. */
  void delete(ContainerName id);
}
