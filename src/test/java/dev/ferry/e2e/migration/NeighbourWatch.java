package dev.ferry.e2e.migration;

import dev.ferry.engine.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every 50 ms, which host a client's network sends a container's address to: the router namespace's
 * neighbour entry for it, named by the host whose MAC it holds. Kept as transitions, for a failure's account.
 */
final class NeighbourWatch implements AutoCloseable {
  private final Thread thread;
  private final List<String> transitions = new ArrayList<>();
  private volatile boolean stop;

  private final String netns;
  private final String ip;
  private final Map<String, String> hostsByMac;

  private NeighbourWatch(String netns, String ip, Map<String, String> hostsByMac) {
    this.netns = netns;
    this.ip = ip;
    this.hostsByMac = hostsByMac;
    thread = new Thread(() -> {
      String last = "";
      long deadline = System.currentTimeMillis() + 900_000;
      while (!stop && System.currentTimeMillis() < deadline) {
        String now = sample(netns, ip, hostsByMac);
        if (!now.equals(last)) {
          synchronized (transitions) {
            transitions.add(System.currentTimeMillis() + " " + now);
          }
          last = now;
        }
        try {
          Thread.sleep(50); // the sampling period: the entry's transitions are recorded at this resolution
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "neighbour-watch");
    thread.setDaemon(true);
    thread.start();
  }

  static NeighbourWatch start(String netns, String ip, Map<String, String> hostsByMac) {
    return new NeighbourWatch(netns, ip, hostsByMac);
  }

  private static String sample(String netns, String ip, Map<String, String> hostsByMac) {
    try {
      Process p = new ProcessBuilder("ip", "-n", netns, "neigh", "show", ip).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      for (Map.Entry<String, String> e : hostsByMac.entrySet()) {
        out = out.replace(e.getKey(), e.getValue());
      }
      return out.isEmpty() ? "(none)" : out;
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** Waits up to {@code limit} until the router's entry names {@code host}; returns how long that took. */
  long awaitHost(String what, String host, Duration limit) throws InterruptedException {
    long start = System.currentTimeMillis();
    Await.until(what + ": the router's neighbour entry for " + ip + " naming " + host, limit, Duration.ofMillis(20),
        () -> sample(netns, ip, hostsByMac), entry -> entry.contains(" " + host + " "));
    return System.currentTimeMillis() - start;
  }

  String transitions() {
    synchronized (transitions) {
      return String.join("\n", transitions);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(5000);
  }
}
