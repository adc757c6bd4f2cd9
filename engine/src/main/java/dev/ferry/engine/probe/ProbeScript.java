package dev.ferry.engine.probe;

import dev.ferry.engine.ssh.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The probe's one remote command: host-probe.sh, shipped inside the engine as a constant, run with
 * the CRIU feature names as its arguments. The script lives in its own file so that it can be read,
 * linted and run by hand on a host (`sh host-probe.sh mem_dirty_track uffd ...`).
 */
final class ProbeScript {
  static final String RESOURCE = "host-probe.sh";
  static final String TEXT = load();

  private ProbeScript() {}

  static Command command() {
    String[] features = Arrays.stream(CriuFeature.values()).map(CriuFeature::criuName).toArray(String[]::new);
    return Command.script(TEXT, features);
  }

  private static String load() {
    try (InputStream in = ProbeScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the engine's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
