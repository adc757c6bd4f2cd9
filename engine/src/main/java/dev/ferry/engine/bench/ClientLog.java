package dev.ferry.engine.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The web client's log (ferry-http-load, native/workloads/README.md): {@code req <seq> <start_ms> <end_ms>
 * ok|FAIL ...}, one line per request as it ends. A move is felt by the clients as the longest wait of a
 * request that was under way at some moment of it.
 */
record ClientLog(List<long[]> requests) {
  /** The requests that overlapped a move: the longest wait and how many failed. */
  record Window(long longestMs, int failed) {}

  static ClientLog parse(String text) {
    List<long[]> requests = new ArrayList<>();
    for (String line : text.lines().toList()) {
      String[] f = line.split(" ");
      if (f[0].equals("req") && f.length >= 5) {
        requests.add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), f[4].equals("ok") ? 0 : 1});
      }
    }
    return new ClientLog(requests);
  }

  Window window(long fromMs, long toMs) {
    long longest = 0;
    int failed = 0;
    for (long[] q : requests) {
      if (q[1] >= fromMs && q[0] <= toMs) {
        longest = Math.max(longest, q[1] - q[0]);
        failed += (int) q[2];
      }
    }
    return new Window(longest, failed);
  }
}
