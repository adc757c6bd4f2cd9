package dev.ferry.app.hosts;

import java.time.Duration;
import java.util.Locale;

/** How figures read on screen: bytes in binary units, rates per second, uptimes in their two largest units. */
public final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Formats() {}

  public static String bytes(double bytes) {
    double v = Math.max(0, bytes);
    int u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return (u == 0 || v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + UNITS[u];
  }

  public static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  public static String percent(double p) {
    return String.format(Locale.ROOT, "%.0f %%", p);
  }

  /** "45 s", "12 min 3 s", "3 h 20 min", "4 d 2 h". */
  public static String uptime(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86_400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
  }
}
