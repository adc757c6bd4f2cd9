package dev.ferry.cli;

import dev.ferry.engine.checkpoint.CheckpointException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the checkpoint commands report a refusal or a failure, as text or JSON, and the exit codes
 * they share with {@code migrate}: 3 when a check refused and nothing changed, 4 when the operation
 * failed and was undone.
 */
final class CheckpointOutput {
  static final int REFUSED = 3;
  static final int FAILED = 4;
  /** One timed step: label, milliseconds, and a remark. */
  static final String STEP = "  %-36s %6d ms%s%n";

  private CheckpointOutput() {}

  static int failure(CheckpointException e, Output output) {
    if (output.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("outcome", e.refused() ? "REFUSED" : "FAILED");
      out.put("summary", e.getMessage());
      out.put("advice", e.advice());
      out.put("logExcerpt", e.logExcerpt());
      output.printJson(out);
    } else {
      output.println((e.refused() ? "Refused: " : "Failed: ") + e.getMessage());
      output.println("  What to do: " + e.advice());
      if (!e.logExcerpt().isBlank()) {
        output.println("  CRIU's log around the error:");
        e.logExcerpt().lines().forEach(l -> output.println("    " + l));
      }
    }
    return e.refused() ? REFUSED : FAILED;
  }

  static String bytes(long n) {
    if (n < 1024 * 1024) {
      return (n + 1023) / 1024 + " KiB";
    }
    return String.format("%.1f MiB", n / (1024.0 * 1024.0));
  }
}
