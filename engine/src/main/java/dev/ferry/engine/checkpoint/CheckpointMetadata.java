package dev.ferry.engine.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code checkpoint.json}, and reads the listing a host prints of its checkpoints:
 * a header line per checkpoint ({@code MARK <du bytes> <container>/<name>}) followed by its
 * metadata. The folder names are the truth for container and name; a folder whose names are not
 * valid or whose metadata is unreadable is skipped with a warning rather than failing the list.
 * Unknown fields are ignored so that newer Ferry versions can add some.
 */
final class CheckpointMetadata {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointMetadata.class);
  static final String MARK = "@@ferry-checkpoint";
  private static final ObjectReader READER = Json.MAPPER.readerFor(Checkpoint.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private CheckpointMetadata() {}

  static String write(Checkpoint c) {
    return Json.write(c) + "\n";
  }

  static Checkpoint read(String json) throws IOException {
    Checkpoint c = READER.readValue(json);
    if (c == null || c.container() == null || c.name() == null || c.created() == null) {
      throw new IOException("container, name and created are required");
    }
    return c;
  }

  /** The checkpoints in a host's listing, in the order the host printed them. */
  static List<Checkpoint> parseListing(String out) {
    List<Checkpoint> all = new ArrayList<>();
    String header = null;
    StringBuilder json = new StringBuilder();
    for (String line : out.split("\n", -1)) {
      if (line.startsWith(MARK + " ")) {
        entry(header, json.toString()).ifPresent(all::add);
        header = line.substring(MARK.length() + 1);
        json.setLength(0);
      } else if (header != null) {
        json.append(line).append('\n');
      }
    }
    entry(header, json.toString()).ifPresent(all::add);
    return all;
  }

  private static Optional<Checkpoint> entry(String header, String json) {
    if (header == null) {
      return Optional.empty();
    }
    String[] f = header.strip().split(" ", 2);
    try {
      long size = Long.parseLong(f[0]);
      String[] names = f[1].split("/", -1);
      if (names.length != 2) {
        throw new IllegalArgumentException("not a container/name folder");
      }
      ContainerName ct = ContainerName.of(names[0]);
      CheckpointName name = CheckpointName.of(names[1]);
      Checkpoint c = read(json);
      return Optional.of(new Checkpoint(ct.value(), name.value(), c.host(), c.created(), size, c.runtime(), c.leaveRunning(), c.timings()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping checkpoint folder '{}': {}", header, e.getMessage());
      return Optional.empty();
    }
  }
}
