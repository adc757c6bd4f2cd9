package dev.ferry.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One workload of the freeze benchmark, named as on the command line: {@code idle} (the counter),
 * {@code web} (busybox httpd under a client), or {@code mem<MiB>-<all|hot>-<pages/s>}: the memory
 * workload of that size and dirty rate, which after a freeze touches all its memory ({@code all}, the
 * worst case for post-copy) or its hot 10 % ({@code hot}, the usual case). Every workload with ticks
 * ticks every {@link #TICK_MS} on the realtime clock, so its largest gap is the freeze it felt.
 */
public record BenchWorkload(String id, Kind kind, int mib, int dirtyPagesPerSec, int hotPercent) {
  /** What runs in the container. */
  public enum Kind { COUNTER, MEMORY, WEB }

  // The tick: fine enough that a 0.2 s freeze is 10 ticks, coarse enough to cost nothing.
  public static final int TICK_MS = 20;
  // "A hot 10 %" (issue #11).
  static final int HOT_PERCENT = 10;
  private static final Pattern MEMORY = Pattern.compile("mem(\\d+)-(all|hot)-(\\d+)");

  public static BenchWorkload parse(String id) {
    if (id.equals("idle")) {
      return new BenchWorkload(id, Kind.COUNTER, 0, 0, 100);
    }
    if (id.equals("web")) {
      return new BenchWorkload(id, Kind.WEB, 0, 0, 100);
    }
    Matcher m = MEMORY.matcher(id);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException("unknown workload '" + id + "': use idle, web, or mem<MiB>-<all|hot>-<pages/s> such as mem256-all-1000");
    }
    return new BenchWorkload(id, Kind.MEMORY, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
        m.group(2).equals("hot") ? HOT_PERCENT : 100);
  }

  /** Every workload the issue names: the counter, 3 sizes x 2 shapes x 3 dirty rates, and the web server. */
  public static List<String> fullMatrix() {
    List<String> all = new ArrayList<>(List.of("idle"));
    for (int mib : new int[] {64, 256, 1024}) {
      for (String shape : new String[] {"all", "hot"}) {
        for (int rate : new int[] {0, 1000, 10000}) {
          all.add("mem" + mib + "-" + shape + "-" + rate);
        }
      }
    }
    all.add("web");
    return all;
  }

  /** The log the workload ticks in, inside the container; none for the web server (its client measures). */
  public String log() {
    return switch (kind) {
      case COUNTER -> "/var/log/counter.log";
      case MEMORY -> "/var/log/memory.log";
      case WEB -> "";
    };
  }

  /** The lab's name for the workload (lab.sh container). */
  String labWorkload() {
    return switch (kind) {
      case COUNTER -> "counter";
      case MEMORY -> "memory";
      case WEB -> "httpd";
    };
  }

  /** The workload's arguments after its program name (the web server keeps the lab's). */
  List<String> args() {
    return switch (kind) {
      case COUNTER -> List.of("--log", log(), "--interval-ms", Integer.toString(TICK_MS));
      case MEMORY -> List.of("--mib", Integer.toString(mib), "--dirty-pages-per-sec", Integer.toString(dirtyPagesPerSec),
          "--hot-percent", Integer.toString(hotPercent), "--log", log(), "--interval-ms", Integer.toString(TICK_MS));
      case WEB -> List.of();
    };
  }

  /** The program and its arguments. */
  List<String> argv() {
    List<String> argv = new ArrayList<>(List.of(kind == Kind.COUNTER ? "ferry-counter" : "ferry-memory"));
    argv.addAll(args());
    return argv;
  }

  public String describe() {
    return switch (kind) {
      case COUNTER -> "idle counter (a tick every " + TICK_MS + " ms)";
      case MEMORY -> mib + " MiB, " + dirtyPagesPerSec + " pages/s dirtied, "
          + (hotPercent == 100 ? "all memory touched after resume" : "a hot " + hotPercent + " % touched after resume");
      case WEB -> "busybox httpd, a client opening a connection every 50 ms";
    };
  }
}
