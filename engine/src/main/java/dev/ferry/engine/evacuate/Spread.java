package dev.ferry.engine.evacuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each container of an evacuated host goes, spread by free memory and by load: the largest
 * containers are placed first, each on the host with the best score, and a host's memory left and
 * its expected load change with every container placed on it, so later ones go elsewhere. A pure
 * function of the figures, so it is tested without a host.
 */
public final class Spread {
  /**
   * What one more container adds to a host's load per processor, for the spread: a guess (an idle lab
   * container adds next to nothing, a busy one a whole processor); a quarter spreads equal hosts evenly.
   */
  static final double LOAD_PER_CONTAINER = 0.25;

  private Spread() {}

  /** One container to place and the memory it uses (0 when unknown). */
  public record Item(String container, long memoryBytes) {}

  /** Container name to host name, in the order of {@code items}; an empty {@code hosts} places nothing. */
  public static Map<String, String> place(List<Item> items, List<HostLoad> hosts) {
    Map<String, String> out = new LinkedHashMap<>();
    if (hosts.isEmpty()) {
      return out;
    }
    Map<String, Long> free = new HashMap<>();
    Map<String, Double> load = new HashMap<>();
    hosts.forEach(h -> {
      free.put(h.host(), h.availableBytes());
      load.put(h.host(), h.loadPerCpu());
    });
    List<Item> biggestFirst = new ArrayList<>(items);
    biggestFirst.sort(Comparator.comparingLong(Item::memoryBytes).reversed());
    Map<String, String> placed = new HashMap<>();
    for (Item it : biggestFirst) {
      HostLoad best = hosts.stream().max(Comparator.comparingDouble((HostLoad h) -> score(free.get(h.host()) - it.memoryBytes(),
          load.get(h.host()))).thenComparing(h -> -hosts.indexOf(h))).orElseThrow();
      placed.put(it.container(), best.host());
      free.merge(best.host(), -it.memoryBytes(), Long::sum);
      load.merge(best.host(), LOAD_PER_CONTAINER / Math.max(1, best.cpus()), Double::sum);
    }
    items.forEach(it -> out.put(it.container(), placed.get(it.container())));
    return out;
  }

  /** Memory left after placing, discounted by how busy the host's processors are. */
  static double score(long freeAfter, double loadPerCpu) {
    return freeAfter / (1.0 + Math.max(0, loadPerCpu));
  }
}
