package dev.ferry.app.model;

import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** For view-model tests: connected hosts with nothing probed or listed, which records the listings asked for. */
public final class ListedHosts implements HostFactsCache {
  private final List<String> hosts;
  public final List<String> refreshed = new ArrayList<>();

  public ListedHosts(String... hosts) {
    this.hosts = List.of(hosts);
  }

  @Override
  public List<String> hosts() {
    return hosts;
  }

  @Override
  public Optional<HostReport> probe(String host) {
    return Optional.empty();
  }

  @Override
  public List<ContainerInfo> containers(String host) {
    return List.of();
  }

  @Override
  public boolean connected(String host) {
    return true;
  }

  @Override
  public SshHost session(String host) {
    throw new UnsupportedOperationException("no sessions in a view-model test");
  }

  @Override
  public void refreshContainers(String host) {
    refreshed.add(host);
  }
}
