package dev.ferry.app.model;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import java.util.List;
import java.util.Optional;

/**
 * What the app already knows about each connected host, kept up to date by the hosts feature: the
 * last probe and the last container listing. Read on the UI thread; answers never touch the
 * network, so a drag's verdict is instant.
 */
public interface HostFactsCache {
  /** Host names in pane order. */
  List<String> hosts();

  Optional<HostReport> probe(String host);

  List<ContainerInfo> containers(String host);

  boolean connected(String host);

  /** The host's single SSH session, for work started off the UI thread. */
  SshHost session(String host);

  /**
   * Asks the hosts feature to list {@code host}'s containers again soon (after a migration moved one);
   * returns at once, the listing is refreshed in the background.
   */
  default void refreshContainers(String host) {}
}
