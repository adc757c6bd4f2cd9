package dev.ferry.installers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.installers.Dist.Result;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Linux app-image as built: its own launchers, not the build's classpath. The desktop app is started
 * under Xvfb and its main window is read the way a window manager reads it (xwininfo, xprop): the title
 * with Ferry's version, and the window icon, compared pixel by pixel with icons/png.
 */
class AppImageSmokeIT {
  /** From the launcher's start to a mapped main window took 3-4 s on this 2-core machine; a busy one gets room. */
  private static final int WINDOW_TIMEOUT_SECONDS = 60;
  /** Colour channels may differ by rounding between PNG decoding and GdkPixbuf; a wrong icon differs by far more. */
  private static final int CHANNEL_TOLERANCE = 3;

  @BeforeAll
  static void linuxOnly() {
    Dist.assumeLinux();
  }

  @Test
  void launchersSayFerrysVersionWithoutADisplay() throws Exception {
    Result app = Dist.run(Duration.ofSeconds(30), Dist.APP_IMAGE.resolve("bin/ferry-app").toString(), "--version");
    assertThat(app.exit()).as(app.out()).isZero();
    assertThat(app.out().strip()).isEqualTo("Ferry " + Dist.VERSION);
    Result cli = Dist.run(Duration.ofSeconds(30), Dist.APP_IMAGE.resolve("bin/ferry").toString(), "--version");
    assertThat(cli.exit()).as(cli.out()).isZero();
    assertThat(cli.out().strip()).isEqualTo("ferry " + Dist.VERSION);
  }

  @Test
  void theInstalledCommandLineLogsWithItsOwnBackendNotTheApps() throws Exception {
    Path state = Files.createDirectories(Dist.WORK.resolve("cli-state"));
    Result cli = Dist.run(new java.util.ArrayList<>(List.of(Dist.APP_IMAGE.resolve("bin/ferry").toString(), "--verbose", "probe", "nosuch.invalid")),
        Duration.ofSeconds(60), Map.of("XDG_STATE_HOME", state.toString()));
    assertThat(cli.exit()).as(cli.out()).isEqualTo(1);
    // The error as a log line with its stack trace on stderr (--verbose), in the CLI's own format.
    assertThat(cli.out()).containsPattern("ERROR +pid \\d+ dev\\.ferry\\.cli\\.FerryCli: ferry --verbose probe nosuch.invalid failed")
        .contains("\tat dev.ferry.").doesNotContain("SLF4J");
    assertThat(Files.readString(state.resolve("ferry/ferry.log"))).contains("dev.ferry.cli.FerryCli: ferry " + Dist.VERSION + " --verbose probe");
  }

  @Test
  void mainWindowShowsUnderXvfbWithTheVersionInItsTitleAndFerrysIcon() throws Exception {
    Dist.need("xvfb-run", "xvfb");
    Dist.need("xprop", "x11-utils");
    Dist.need("xwininfo", "x11-utils");
    Path probe = Path.of(Objects.requireNonNull(AppImageSmokeIT.class.getResource("window-probe.sh")).toURI());
    // A home of its own: no remembered hosts or ssh config of whoever runs the build; JavaFX's native
    // libraries are unpacked there once and reused by the next run.
    Path home = Dist.WORK.resolve("home");
    Files.createDirectories(home);
    Result r = Dist.run(List.of("xvfb-run", "--auto-servernum", "--server-args=-screen 0 1600x1000x24 -nolisten tcp",
            "bash", probe.toString(), Dist.APP_IMAGE.resolve("bin/ferry-app").toString(), Integer.toString(WINDOW_TIMEOUT_SECONDS)),
        Duration.ofSeconds(WINDOW_TIMEOUT_SECONDS + 30), Map.of("HOME", home.toString(), "FERRY_PROBE_LOG", Dist.WORK.resolve("app.log").toString()));
    Map<String, String> seen = r.out().lines().filter(l -> l.matches("[a-z]+=.*"))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> a));
    assertThat(r.exit()).as("window probe: %s", r.out().lines().filter(l -> !l.startsWith("icon=")).collect(Collectors.joining("\n"))).isZero();
    System.out.printf("app-image: main window mapped %s s after the launcher started%n", seen.get("seconds"));
    assertThat(seen.get("title")).isEqualTo("Ferry " + Dist.VERSION);
    assertThat(seen.get("class")).contains("dev.ferry.app.FerryApp");

    long[] icon = Arrays.stream(seen.getOrDefault("icon", "").split(",\\s*")).filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
    assertThat(icon.length).as("the window has an icon (_NET_WM_ICON)").isGreaterThan(2);
    int w = (int) icon[0];
    int h = (int) icon[1];
    Path png = Dist.ICONS.resolve("png/ferry-" + w + ".png");
    assertThat(w).isEqualTo(h);
    assertThat(png).as("the window's icon is %d px, a size icons/png has", w).exists();
    BufferedImage expected = ImageIO.read(png.toFile());
    int worst = 0;
    int opaque = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int got = (int) icon[2 + y * w + x];
        int want = expected.getRGB(x, y);
        int alpha = want >>> 24;
        worst = Math.max(worst, Math.abs(alpha - (got >>> 24)));
        if (alpha == 255) {
          opaque++;
          for (int shift = 0; shift <= 16; shift += 8) {
            worst = Math.max(worst, Math.abs(((want >> shift) & 0xff) - ((got >> shift) & 0xff)));
          }
        }
      }
    }
    assertThat(opaque).as("opaque pixels of the icon compared").isGreaterThan(w * h / 2);
    assertThat(worst).as("largest channel difference between the window's icon and %s", png.getFileName()).isLessThanOrEqualTo(CHANNEL_TOLERANCE);
  }
}
