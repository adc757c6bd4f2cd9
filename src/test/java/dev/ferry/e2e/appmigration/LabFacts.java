package dev.ferry.e2e.appmigration;

import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.RuncRuntime;
import dev.ferry.engine.probe.HostProbe;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshHost;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the hosts feature would have cached, gathered from real lab hosts over SSH before the test
 * starts: each host's probe and its container listing. {@link #refresh()} lists the containers again.
 */
final class LabFacts implements HostFactsCache {
  private final List<SshHost> hosts;
  private final Map<String, HostReport> probes = new ConcurrentHashMap<>();
  private final Map<String, List<ContainerInfo>> containers = new ConcurrentHashMap<>();

  LabFacts(List<SshHost> hosts) {
    this.hosts = hosts;
    for (SshHost h : hosts) {
      probes.put(h.name(), new HostProbe(h).report());
    }
    refresh();
  }

  void refresh() {
    for (SshHost h : hosts) {
      containers.put(h.name(), new RuncRuntime(h).list());
    }
  }

  @Override
  public List<String> hosts() {
    return hosts.stream().map(SshHost::name).toList();
  }

  @Override
  public Optional<HostReport> probe(String host) {
    return Optional.ofNullable(probes.get(host));
  }

  @Override
  public List<ContainerInfo> containers(String host) {
    return containers.getOrDefault(host, List.of());
  }

  @Override
  public boolean connected(String host) {
    return probes.containsKey(host);
  }

  @Override
  public SshHost session(String host) {
    return hosts.stream().filter(h -> h.name().equals(host)).findFirst().orElseThrow();
  }
}
