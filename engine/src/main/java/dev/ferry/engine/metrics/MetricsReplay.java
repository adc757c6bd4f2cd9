package dev.ferry.engine.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RecordedHost} plays: a recording's sampler lines cut into ticks, optionally with its
 * container lines multiplied to a given number of containers with distinct ids, and endless: each
 * pass after the first moves the uptime and every cumulative counter (CPU jiffies, network bytes,
 * container CPU time) on by one pass's worth, so rates stay what they were and nothing reads as a
 * restart. Gauges (memory, load, disk) repeat as recorded. Only lines are produced here; parsing
 * stays with the engine's real {@link SampleBlockParser}.
 */
public final class MetricsReplay {
  /** One tick of the sampler: its lines from {@code t} to {@code .}, and when it arrived. */
  record Tick(long atMillis, List<String> lines) {}

  private final List<String> header;
  private final List<Tick> ticks;
  private final List<String> containerIds;
  private final long periodMillis;
  /** Per counter key ("t", "cpu 3", "net 1", "c ID"): how much one pass moves it on. */
  private final Map<String, Long> passStep;

  private MetricsReplay(List<String> header, List<Tick> ticks, List<String> containerIds) {
    if (ticks.size() < 2) {
      throw new IllegalArgumentException("a replay needs at least 2 recorded ticks, the recording has " + ticks.size());
    }
    this.header = List.copyOf(header);
    this.ticks = List.copyOf(ticks);
    this.containerIds = List.copyOf(containerIds);
    long first = ticks.get(0).atMillis();
    long last = ticks.get(ticks.size() - 1).atMillis();
    this.periodMillis = last - first + Math.max(1, (last - first) / (ticks.size() - 1));
    this.passStep = passSteps(this.ticks);
  }

  /** The recording as it was, containers included. */
  public static MetricsReplay of(MetricsRecording recording) {
    return of(recording, -1);
  }

  /**
   * The recording with its containers multiplied to {@code containers} (if positive): of the n
   * containers present in every recorded tick (others are left out), copy j of {@code ids[j % n]}
   * is named {@code <id>-<j / n + 1>}, two digits at least, so every id is distinct.
   */
  public static MetricsReplay of(MetricsRecording recording, int containers) {
    List<String> header = new ArrayList<>();
    List<Tick> ticks = new ArrayList<>();
    List<String> current = null;
    long at = 0;
    for (MetricsRecording.TimedLine l : recording.lines()) {
      String key = firstWord(l.text());
      if (current == null && !key.equals("t")) {
        header.add(l.text());
        continue;
      }
      if (current == null) {
        current = new ArrayList<>();
        at = l.atMillis();
      }
      current.add(l.text());
      if (key.equals(".")) {
        ticks.add(new Tick(at, current));
        current = null;
      }
    }
    List<String> recordedIds = new ArrayList<>();
    ticks.forEach(t -> t.lines().stream().filter(s -> firstWord(s).equals("c")).map(s -> field(s, 1))
        .filter(id -> !recordedIds.contains(id)).forEach(recordedIds::add));
    if (containers <= 0) {
      return new MetricsReplay(header, ticks, recordedIds);
    }
    // Only containers present throughout are copied: one that came and went would make its copies vanish.
    recordedIds.removeIf(id -> ticks.stream().anyMatch(t -> t.lines().stream().noneMatch(s -> s.startsWith("c " + id + " "))));
    if (recordedIds.isEmpty()) {
      throw new IllegalArgumentException("the recording of " + recording.host() + " has no container present throughout to copy");
    }
    List<String> ids = new ArrayList<>();
    Map<String, List<String>> copies = new LinkedHashMap<>();
    for (int j = 0; j < containers; j++) {
      String source = recordedIds.get(j % recordedIds.size());
      String id = String.format("%s-%02d", source, j / recordedIds.size() + 1);
      ids.add(id);
      copies.computeIfAbsent(source, s -> new ArrayList<>()).add(id);
    }
    List<Tick> expanded = new ArrayList<>();
    for (Tick t : ticks) {
      List<String> lines = new ArrayList<>();
      for (String s : t.lines()) {
        if (!firstWord(s).equals("c")) {
          lines.add(s);
          continue;
        }
        String[] f = s.split(" ");
        for (String id : copies.getOrDefault(f[1], List.of())) {
          f[1] = id;
          lines.add(String.join(" ", f));
        }
      }
      // Container lines come before the closing "." as the sampler prints them.
      lines.remove(".");
      lines.add(".");
      expanded.add(new Tick(t.atMillis(), lines));
    }
    return new MetricsReplay(header, expanded, ids);
  }

  /** The lines the sampler prints once, before its first tick (format version, CPUs, cgroup mode). */
  public List<String> header() {
    return header;
  }

  /** Ticks in one pass. */
  public int ticks() {
    return ticks.size();
  }

  /** How long one pass lasts: the recording from its first tick to one interval after its last. */
  public long periodMillis() {
    return periodMillis;
  }

  /** Every container id the replay reports, in order. */
  public List<String> containerIds() {
    return containerIds;
  }

  /** When tick {@code index} of pass {@code pass} is due, in milliseconds after the first tick of the first pass. */
  public long dueMillis(int index, int pass) {
    return pass * periodMillis + ticks.get(index).atMillis() - ticks.get(0).atMillis();
  }

  /** The lines of tick {@code index} in pass {@code pass} (0 is the recording as it was). */
  public List<String> lines(int index, int pass) {
    List<String> src = ticks.get(index).lines();
    if (pass == 0) {
      return src;
    }
    List<String> out = new ArrayList<>(src.size());
    for (String s : src) {
      out.add(shift(s, pass));
    }
    return out;
  }

  private String shift(String line, int pass) {
    String[] f = line.split(" ");
    switch (f[0]) {
      case "t" -> f[1] = BigDecimal.valueOf(millis(f[1]) + pass * passStep.get("t"), 3).toPlainString();
      case "cpu", "net" -> {
        for (int i = 1; i < f.length; i++) {
          f[i] = Long.toString(Long.parseLong(f[i]) + pass * passStep.getOrDefault(f[0] + " " + i, 0L));
        }
      }
      case "c" -> {
        if (!f[2].equals("-")) {
          f[2] = Long.toString(Long.parseLong(f[2]) + pass * passStep.getOrDefault("c " + f[1], 0L));
        }
      }
      default -> {
        return line;
      }
    }
    return String.join(" ", f);
  }

  /**
   * One pass moves a counter on by last - first plus one mean step, so the tick after a wrap shows
   * the pass's mean rate instead of a restart (a counter that went backwards would be a new cgroup).
   */
  private static Map<String, Long> passSteps(List<Tick> ticks) {
    Map<String, long[]> seen = new LinkedHashMap<>();
    for (Tick t : ticks) {
      for (String s : t.lines()) {
        String[] f = s.split(" ");
        switch (f[0]) {
          case "t" -> note(seen, "t", millis(f[1]));
          case "cpu", "net" -> {
            for (int i = 1; i < f.length; i++) {
              note(seen, f[0] + " " + i, Long.parseLong(f[i]));
            }
          }
          case "c" -> {
            if (!f[2].equals("-")) {
              note(seen, "c " + f[1], Long.parseLong(f[2]));
            }
          }
          default -> { }
        }
      }
    }
    Map<String, Long> steps = new LinkedHashMap<>();
    seen.forEach((key, v) -> {
      long span = v[1] - v[0];
      steps.put(key, v[2] < 2 ? 0 : span + Math.max(0, span / (v[2] - 1)));
    });
    return steps;
  }

  /** first, last, count. */
  private static void note(Map<String, long[]> seen, String key, long value) {
    long[] v = seen.computeIfAbsent(key, k -> new long[] {value, value, 0});
    v[1] = value;
    v[2]++;
  }

  private static long millis(String seconds) {
    return new BigDecimal(seconds).movePointRight(3).longValueExact();
  }

  private static String firstWord(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  private static String field(String line, int i) {
    return line.split(" ")[i];
  }
}
