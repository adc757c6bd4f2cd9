package dev.ferry.engine.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent past of every host and container, for sparklines and charts: a listener that keeps the
 * last {@link MetricsSettings#historyWindow()} of samples in bounded rings. A container's ring goes
 * once it has had no sample for a whole window, and at most maxContainersPerHost are kept per host,
 * so memory stays bounded however many containers come and go. Reads return copies and may happen
 * on any thread while samples arrive.
 */
public final class MetricsHistory implements MetricsListener {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHistory.class);

  private final MetricsSettings settings;
  private final Map<String, SampleRing<HostSample>> hosts = new ConcurrentHashMap<>();
  private final Map<String, Map<String, SampleRing<ContainerSample>>> containers = new ConcurrentHashMap<>();

  public MetricsHistory(MetricsSettings settings) {
    this.settings = settings;
  }

  @Override
  public void hostSample(HostSample sample) {
    hosts.computeIfAbsent(sample.host(), h -> new SampleRing<>(capacity(), settings.historyWindow(), HostSample::time)).add(sample);
    Instant cutoff = sample.time().minus(settings.historyWindow());
    containersOf(sample.host()).values().removeIf(ring -> !ring.evictBefore(cutoff));
  }

  @Override
  public void containerSample(ContainerSample sample) {
    Map<String, SampleRing<ContainerSample>> ofHost = containersOf(sample.host());
    SampleRing<ContainerSample> ring = ofHost.get(sample.containerId());
    if (ring == null) {
      if (ofHost.size() >= settings.maxContainersPerHost()) {
        LOG.debug("{}: not keeping history for {}: {} containers already tracked", sample.host(),
            sample.containerId(), ofHost.size());
        return;
      }
      ring = ofHost.computeIfAbsent(sample.containerId(),
          id -> new SampleRing<>(capacity(), settings.historyWindow(), ContainerSample::time));
    }
    ring.add(sample);
  }

  /** The host's samples in the window, oldest first. */
  public List<HostSample> host(String host) {
    SampleRing<HostSample> ring = hosts.get(host);
    return ring == null ? List.of() : ring.snapshot();
  }

  /** The container's samples in the window, oldest first; kept a while after the container is gone. */
  public List<ContainerSample> container(String host, String containerId) {
    SampleRing<ContainerSample> ring = readContainersOf(host).get(containerId);
    return ring == null ? List.of() : ring.snapshot();
  }

  /** Containers with history on the host, sorted by id. */
  public Set<String> containers(String host) {
    return new TreeSet<>(readContainersOf(host).keySet());
  }

  /** Drops everything about a host, for when the user removes it. */
  public void forget(String host) {
    hosts.remove(host);
    containers.remove(host);
  }

  private Map<String, SampleRing<ContainerSample>> containersOf(String host) {
    return containers.computeIfAbsent(host, h -> new ConcurrentHashMap<>());
  }

  private Map<String, SampleRing<ContainerSample>> readContainersOf(String host) {
    return containers.getOrDefault(host, Map.of());
  }

  private int capacity() {
    return settings.historyCapacity();
  }
}
