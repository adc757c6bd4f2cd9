package dev.ferry.installers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.installers.Dist.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb as users get it: what its metadata declares, installed with dpkg into a throwaway root (not
 * this machine's), the installed launchers run from there (through an overlay, {@link #runInstalled}), and
 * lintian's verdict.
 */
class DebPackageIT {
  private static Path deb;

  @BeforeAll
  static void linuxOnly() throws IOException {
    Dist.assumeLinux();
    deb = Dist.deb();
  }

  private static String field(String name) throws Exception {
    Result r = Dist.run(Duration.ofSeconds(30), "dpkg-deb", "--field", deb.toString(), name);
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out().strip();
  }

  @Test
  void metadataDeclaresTheDependenciesTheAppNeeds() throws Exception {
    assertThat(field("Package")).isEqualTo("ferry");
    assertThat(field("Version")).startsWith(Dist.VERSION.replace("-SNAPSHOT", "") + "-");
    String depends = field("Depends");
    // GTK 3 is loaded by JavaFX at run time, so no tool finds it: declared by hand, with Debian's 64-bit time_t name as the alternative.
    assertThat(depends).contains("libgtk-3-0 | libgtk-3-0t64").contains("libc6").contains("libxtst6").contains("libasound2");
    assertThat(field("Description")).startsWith("Moves running Linux containers between hosts\n").contains("command line (ferry)");
    assertThat(field("Maintainer")).contains("@ferry.invalid");
  }

  @Test
  void installsIntoAThrowawayRootWhereBothLaunchersSayTheVersion() throws Exception {
    Path root = Dist.WORK.resolve("deb-root");
    deleteTree(root);
    Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
    Files.writeString(root.resolve("var/lib/dpkg/status"), "");
    // Only the package's own files go in; its dependencies are this machine's, outside the root.
    Result install = Dist.run(Duration.ofSeconds(120), "dpkg", "--root=" + root, "--force-not-root", "--force-depends",
        "--force-script-chrootless", "--log=/dev/null", "--install", deb.toString());
    assertThat(install.exit()).as(install.out()).isZero();
    Result status = Dist.run(Duration.ofSeconds(30), "dpkg-query", "--root=" + root, "--show", "--showformat=${Status} ${Version}", "ferry");
    assertThat(status.out()).startsWith("install ok installed");

    for (String file : List.of("usr/bin/ferry-app", "usr/bin/ferry", "usr/lib/ferry/runtime/release", "usr/share/applications/dev.ferry.Ferry.desktop",
        "usr/share/metainfo/dev.ferry.Ferry.metainfo.xml", "usr/share/icons/hicolor/256x256/apps/dev.ferry.Ferry.png",
        "usr/share/icons/hicolor/scalable/apps/dev.ferry.Ferry.svg", "usr/share/bash-completion/completions/ferry",
        "usr/share/doc/ferry/copyright", "usr/share/doc/ferry/changelog.Debian.gz")) {
      assertThat(root.resolve(file)).as(file).exists();
    }
    assertThat(Files.readString(root.resolve("usr/share/bash-completion/completions/ferry"))).contains("complete -F").contains("migrate");
    assertThat(Files.readString(root.resolve("usr/lib/ferry/runtime/release"))).contains("jdk.crypto.ec");

    Result app = runInstalled(root, "/usr/bin/ferry-app", "--version");
    assertThat(app.exit()).as(app.out()).isZero();
    assertThat(app.out().strip()).isEqualTo("Ferry " + Dist.VERSION);
    Result cli = runInstalled(root, "/usr/bin/ferry", "--version");
    assertThat(cli.exit()).as(cli.out()).isZero();
    assertThat(cli.out().strip()).isEqualTo("ferry " + Dist.VERSION);

    Dist.need("desktop-file-validate", "desktop-file-utils");
    Result desktop = Dist.run(Duration.ofSeconds(30), "desktop-file-validate", root.resolve("usr/share/applications/dev.ferry.Ferry.desktop").toString());
    assertThat(desktop.exit()).as(desktop.out()).isZero();
    Dist.need("appstreamcli", "appstream");
    Result meta = Dist.run(Duration.ofSeconds(60), "appstreamcli", "validate", "--no-net", root.resolve("usr/share/metainfo/dev.ferry.Ferry.metainfo.xml").toString());
    assertThat(meta.exit()).as(meta.out()).isZero();
    deleteTree(root);
  }

  @Test
  void lintianReportsNoError() throws Exception {
    Dist.need("lintian", "lintian");
    Result r = Dist.run(List.of("lintian", "--fail-on", "error", "--no-tag-display-limit", deb.toString()), Duration.ofSeconds(180), Map.of());
    List<String> errors = r.out().lines().filter(l -> l.startsWith("E:")).toList();
    System.out.printf("lintian: %d errors, %d warnings%n", errors.size(), r.out().lines().filter(l -> l.startsWith("W:")).count());
    assertThat(errors).as(r.out()).isEmpty();
    assertThat(r.exit()).as(r.out()).isZero();
  }

  /**
   * Runs an installed launcher as if the package were installed here: in a mount namespace of its own, the
   * throwaway root's /usr is laid over this machine's (an overlay, so the libraries it depends on are found)
   * and its dpkg database over this machine's. jpackage's launchers under /usr find their files by asking
   * dpkg which package they belong to, so the database has to be the one that installed them. Nothing is
   * seen outside the namespace.
   */
  private static Result runInstalled(Path root, String launcher, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("unshare", "--mount"));
    if (!"root".equals(System.getProperty("user.name"))) {
      cmd.add("--map-root-user");
    }
    cmd.addAll(List.of("sh", "-c", "mount -t overlay overlay -o \"lowerdir=$1/usr:/usr\" /usr && mount --bind \"$1/var/lib/dpkg\" /var/lib/dpkg"
        + " && shift && exec \"$@\"", "sh", root.toString(), launcher));
    cmd.addAll(List.of(args));
    return Dist.run(cmd, Duration.ofSeconds(60), Map.of());
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
