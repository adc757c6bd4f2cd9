package dev.ferry.engine.criu;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a destination's processor can run what the source's processes may use, read from
 * {@code criu cpuinfo check} run on the destination against the source's {@code cpuinfo dump}.
 * Checking first matters: a mismatch otherwise shows up only after restore, as programs dying of
 * SIGILL. {@code criu cpuinfo check} prints nothing and exits 0 when the CPUs fit, and exits 1 with
 * one error line otherwise; {@code reason} says that line in plain words and {@code criuMessage}
 * keeps CRIU's own.
 */
public record CpuCompatibility(boolean compatible, String reason, String criuMessage) {

  // Exit codes the shell uses when the command itself could not run.
  private static final int SHELL_CANNOT_EXECUTE = 126;
  private static final int SHELL_NOT_FOUND = 127;

  private static final String CPU_WORDS = " on the source that the destination's processor lacks;"
      + " programs using them would crash after the move";

  // CRIU's checks in criu/arch/x86/cpu.c, in the order it makes them.
  private static final List<Map.Entry<String, String>> MISMATCHES = List.of(
      Map.entry("FPU feature required by image is not supported",
          "the source uses floating-point or register-saving features (FPU, FXSR, XSAVE)" + CPU_WORDS),
      Map.entry("xfeatures has unsupported bits",
          "the source uses vector register sets (such as AVX or AVX-512)" + CPU_WORDS),
      Map.entry("xsave (?:max )?size mismatch",
          "the two processors save vector registers in areas of different sizes (different AVX or"
              + " AVX-512 support), which makes restored programs misbehave"),
      Map.entry("CPU instruction capabilities do not match",
          "the source has instruction sets (such as SSE4, AVX2 or AVX-512)" + CPU_WORDS),
      Map.entry("CPU capabilities do not match",
          "the processors are not identical, and the check was asked for an exact match"),
      Map.entry("Unknown cpu vendor|Image carries unknown (?:vendor|capability version)",
          "the source's processor description comes from a processor or CRIU version this CRIU does"
              + " not know"));

  /** Any of CRIU's CPU mismatch errors; {@link CriuErrors} uses it to spot them in restore logs. */
  static final String MISMATCH_REGEX =
      String.join("|", MISMATCHES.stream().map(Map.Entry::getKey).toList());

  private static final String NO_SOURCE_DESCRIPTION = "No cpuinfo image";

  /** Reads the exit code and the combined stdout and stderr of {@code criu cpuinfo check}. */
  public static CpuCompatibility fromCheck(int exitCode, String output) {
    String text = output == null ? "" : output;
    if (exitCode == 0) {
      return new CpuCompatibility(true,
          "the destination's processor offers every feature the source's programs may use", "");
    }
    if (exitCode == SHELL_NOT_FOUND || exitCode == SHELL_CANNOT_EXECUTE) {
      return new CpuCompatibility(false, "CRIU could not be run on the destination (exit " + exitCode
          + "): install CRIU 4.2 or newer there", text.strip());
    }
    String line = text.lines().filter(l -> l.contains("Error")).findFirst()
        .orElse(text.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
    String criuMessage = line.isEmpty() ? "" : CriuErrors.message(line);
    if (text.contains(NO_SOURCE_DESCRIPTION)) {
      return new CpuCompatibility(false, "the source's processor description (cpuinfo.img) was not where"
          + " the check looked, so the check could not run", criuMessage);
    }
    for (Map.Entry<String, String> mismatch : MISMATCHES) {
      if (Pattern.compile(mismatch.getKey()).matcher(text).find()) {
        return new CpuCompatibility(false, mismatch.getValue(), criuMessage);
      }
    }
    return new CpuCompatibility(false, criuMessage.isEmpty()
        ? "CRIU's processor check failed (exit " + exitCode + ") without saying why"
        : "CRIU's processor check failed: " + criuMessage, criuMessage);
  }
}
