package dev.ferry.engine.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real output of metrics.sh, recorded on this project's machines, under src/test/resources/metrics. */
final class Recordings {
  /** 6 ticks at 1 s, df every 2nd tick, 3 runc containers (busy, idle, 64 MiB in /dev/shm); cgroup v1 hybrid. */
  static final String V1_HYBRID = "v1-hybrid-3-containers.txt";
  /** A lab host (ferry-a), which hides the unified tree: 4 ticks at 1 s, df every 2nd, the lab's two samples. */
  static final String LAB_HOST_V1 = "lab-host-v1-2-containers.txt";

  private Recordings() {}

  static List<String> lines(String name) {
    try (InputStream in = Recordings.class.getResourceAsStream("/metrics/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource metrics/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<SampleBlock> parse(SampleBlockParser parser, String name) {
    List<SampleBlock> blocks = new ArrayList<>();
    for (String line : lines(name)) {
      parser.accept(line).ifPresent(blocks::add);
    }
    return blocks;
  }
}
