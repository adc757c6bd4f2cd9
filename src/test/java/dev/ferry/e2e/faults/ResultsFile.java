package dev.ferry.e2e.faults;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * target/faults/results.json: every cell run so far (a cell run again replaces its earlier row), and
 * target/faults/RELIABILITY.md rendered from it after each cell, so a run that stops half-way still
 * leaves its table. docs/RELIABILITY.md is a committed copy of one real run's file.
 */
final class ResultsFile {
  static final Path DIR = Path.of(System.getProperty("ferry.faults.out", "target/faults"));
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ResultsFile() {}

  static synchronized void add(CellResult r) {
    List<CellResult> all = new ArrayList<>(read());
    all.removeIf(c -> c.fault().equals(r.fault()) && c.phase().equals(r.phase()) && c.strategy().equals(r.strategy()));
    all.add(r);
    try {
      Files.createDirectories(DIR);
      JSON.writeValue(DIR.resolve("results.json").toFile(), all);
      Files.writeString(DIR.resolve("RELIABILITY.md"), ReliabilityReport.render(all));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<CellResult> read() {
    return read(DIR.resolve("results.json"));
  }

  static List<CellResult> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<CellResult>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
