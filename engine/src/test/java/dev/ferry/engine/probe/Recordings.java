package dev.ferry.engine.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real probe outputs under src/test/resources/probe (see the README there for how each was made). */
public final class Recordings {
  public static final String CRIU_421 = "debian12-kernel618-criu421";
  public static final String CRIU_3171 = "debian12-kernel618-criu3171";
  public static final String NO_CRIU = "debian12-kernel618-no-criu";
  public static final String NO_PODMAN = "debian12-kernel618-no-podman";
  public static final String NO_IPTABLES = "debian12-kernel618-no-iptables";
  public static final String CGROUP2 = "debian12-kernel618-cgroup2";
  public static final String NOT_ROOT = "debian12-kernel618-not-root";
  public static final String BARE = "debian12-kernel618-bare";
  /** A VM host of the lab: Debian 12's own kernel 6.1 and CRIU 3.17.1, soft-dirty tracking on. */
  public static final String VM_CRIU_3171 = "debian12-kernel61-criu3171-vm";

  private Recordings() {}

  public static String text(String name) {
    try (InputStream in = Recordings.class.getResourceAsStream("/probe/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HostFacts facts(String name) {
    return ProbeParser.parse(text(name));
  }

  /** A recording with one exact piece of text replaced; fails loudly if the piece is not there. */
  public static String edited(String name, String from, String to) {
    String text = text(name);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(name + " does not contain " + from);
    }
    return text.replace(from, to);
  }
}
