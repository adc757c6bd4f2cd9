package dev.ferry.engine.probe;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CRIU on a host: where it is, its version, whether {@code criu check} passed (with what it said),
 * and which of the {@link CriuFeature}s the kernel and this build support. These decide the
 * migration strategy: pre-copy needs dirty tracking, post-copy needs userfaultfd, and without a
 * passing check nothing can be checkpointed at all.
 *
 * @param checkOutput everything {@code criu check} printed, for the person who wants the details
 */
public record CriuInfo(String path, String version, boolean checkPassed, String checkOutput, Set<CriuFeature> features) {
  // CRIU prefixes its log lines with the level and source position: "Error (criu/vdso.c:381): ".
  private static final Pattern LOG_PREFIX = Pattern.compile("^(Error|Warn|Info)\\s*\\([^)]*\\):\\s*");

  public CriuInfo {
    features = Set.copyOf(features);
  }

  public static CriuInfo absent() {
    return new CriuInfo("", "", false, "", Set.of());
  }

  public boolean installed() {
    return !path.isEmpty();
  }

  public Optional<Version> parsedVersion() {
    return Version.find(version);
  }

  public boolean supports(CriuFeature feature) {
    return features.contains(feature);
  }

  /** Iterative pre-copy: memory copied in rounds while the container runs. */
  public boolean preCopy() {
    return supports(CriuFeature.MEM_DIRTY_TRACK);
  }

  /** Post-copy: resume on the destination first, pages follow on demand. */
  public boolean postCopy() {
    return supports(CriuFeature.UFFD) && supports(CriuFeature.UFFD_NONCOOP);
  }

  /** Established TCP connections can be kept: {@code criu check}'s required checks include TCP repair. */
  public boolean tcpRepair() {
    return checkPassed;
  }

  /** The line of {@code criu check}'s output that says what went wrong, without CRIU's log prefix. */
  public String firstError() {
    String firstLine = "";
    for (String line : checkOutput.strip().split("\n")) {
      String text = LOG_PREFIX.matcher(line.strip()).replaceFirst("").replaceAll("[:\\s]+$", "");
      if (line.startsWith("Error")) {
        return text;
      }
      if (firstLine.isEmpty()) {
        firstLine = text;
      }
    }
    return firstLine;
  }
}
