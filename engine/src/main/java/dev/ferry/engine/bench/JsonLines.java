package dev.ferry.engine.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's files of one JSON object a line: appended one record at a time, read back whole (none when missing). */
public final class JsonLines {
  private JsonLines() {}

  public static void append(Path file, Object record) throws IOException {
    String line = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record) + "\n";
    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public static <T> List<T> read(Path file, Class<T> type) throws IOException {
    ObjectReader reader = Json.MAPPER.readerFor(type);
    List<T> all = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          all.add(reader.readValue(line));
        }
      }
    }
    return all;
  }
}
