package dev.ferry.engine.criu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Files recorded from real CRIU 4.2.1 / runc 1.1.5 runs; see src/test/resources/criu/README.md. */
public final class Recorded {
  private Recorded() {}

  public static byte[] bytes(String name) {
    try (InputStream in = Recorded.class.getResourceAsStream("/criu/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording named " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }
}
