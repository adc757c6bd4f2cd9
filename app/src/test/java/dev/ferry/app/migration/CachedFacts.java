package dev.ferry.app.migration;

import dev.ferry.app.model.HostFactsCache;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.container.ContainerState;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostFindings;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.probe.ProbeParser;
import dev.ferry.engine.ssh.SshHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A hosts cache filled from real probe recordings (src/test/resources/probe, copied from the engine's). */
final class CachedFacts implements HostFactsCache {
  static final String CRIU_421 = "debian12-kernel618-criu421";
  static final String CRIU_3171 = "debian12-kernel618-criu3171";

  private final Map<String, HostReport> probes = new LinkedHashMap<>();
  private final Map<String, List<ContainerInfo>> containers = new HashMap<>();
  private final Set<String> disconnected = new HashSet<>();

  static String recording(String name) {
    try (InputStream in = CachedFacts.class.getResourceAsStream("/probe/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CachedFacts host(String host, String probeText, String... running) {
    HostFacts facts = ProbeParser.parse(probeText);
    probes.put(host, new HostReport(host, facts, HostFindings.of(host, facts)));
    List<ContainerInfo> list = new ArrayList<>();
    for (String ct : running) {
      list.add(running(ct));
    }
    containers.put(host, list);
    return this;
  }

  CachedFacts unprobed(String host) {
    probes.remove(host);
    containers.putIfAbsent(host, List.of());
    return this;
  }

  CachedFacts disconnect(String host) {
    disconnected.add(host);
    return this;
  }

  static ContainerInfo running(String ct) {
    return new ContainerInfo(ct, "runc", ContainerState.RUNNING, 100, "/var/lib/ferry/containers/" + ct, "/var/lib/ferry/containers/" + ct + "/rootfs",
        Instant.EPOCH, OptionalLong.of(8L << 20), OptionalLong.of(1), OptionalLong.of(2L << 20));
  }

  @Override
  public List<String> hosts() {
    return List.copyOf(containers.keySet());
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
    return containers.containsKey(host) && !disconnected.contains(host);
  }

  @Override
  public SshHost session(String host) {
    throw new AssertionError("a verdict must not reach for an SSH session (" + host + ")");
  }
}
