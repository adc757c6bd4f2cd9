package dev.ferry.e2e.lab;

import java.util.UUID;

/**
 * A file that hostile strings try to create on a host ({@code touch MARKER}) if any shell ever runs
 * them: its absence afterwards is the test. Looked for through lab.sh, not through the SSH code
 * under test, and unique per test so that nobody else's file is mistaken for it.
 */
public record PwnedMarker(String path) {
  public static PwnedMarker fresh() {
    return new PwnedMarker("/tmp/ferry-pwned-" + UUID.randomUUID());
  }

  public boolean existsOn(Lab lab, String host) {
    // An answer in words: lab.sh's own failure (exit 1) must not read as "test -e found nothing".
    String answer = lab.exec(host, "sh", "-c", "if test -e \"$1\"; then echo present; else echo absent; fi", "sh", path)
        .orFail("looking for " + path + " on " + host).stdout().strip();
    if (!answer.equals("present") && !answer.equals("absent")) {
      throw new AssertionError("cannot tell whether " + path + " exists on " + host + ": " + answer);
    }
    return answer.equals("present");
  }

  public void removeFrom(Lab lab, String host) {
    lab.exec(host, "rm", "-f", path);
  }
}
