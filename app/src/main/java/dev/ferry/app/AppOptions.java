package dev.ferry.app;

import dev.ferry.app.connect.RememberedHostsStore;
import dev.ferry.engine.hosts.HostDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ferry's command line: which ssh config to read (default ~/.ssh/config plus the running lab's), hosts
 * to open at start, where remembered hosts and reports live, and a scene snapshot for screenshots.
 *
 * @param lab open every host of the running demo lab at start
 * @param connectIfEmpty open the connect dialog when no host is shown after start
 * @param snapshot write a PNG of the main window once every pane shows its containers
 * @param dialogSnapshot write a PNG of the connect dialog, filled with sample input
 * @param aboutSnapshot write a PNG of the About dialog
 * @param exitAfterSnapshot quit once the snapshots are written
 */
public record AppOptions(List<Path> sshConfigs, List<String> hosts, boolean lab, boolean connectIfEmpty, Path configDir,
    Optional<Path> reportsDir, Optional<Path> snapshot, Optional<Path> dialogSnapshot,
    Optional<Path> aboutSnapshot, boolean exitAfterSnapshot) {

  public static final String USAGE = "usage: ferry-app [--version] [--lab] [--connect] [--host NAME]... [--ssh-config FILE]... [--config-dir DIR]"
      + " [--reports-dir DIR] [--snapshot FILE.png] [--snapshot-connect-dialog FILE.png] [--snapshot-about-dialog FILE.png]"
      + " [--exit-after-snapshot]";

  public static AppOptions parse(List<String> args) {
    List<Path> configs = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    boolean lab = false;
    boolean connect = false;
    boolean exit = false;
    Path configDir = RememberedHostsStore.defaultConfigDir();
    Optional<Path> reports = Optional.empty();
    Optional<Path> snapshot = Optional.empty();
    Optional<Path> dialog = Optional.empty();
    Optional<Path> about = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--lab" -> lab = true;
        case "--connect" -> connect = true;
        case "--exit-after-snapshot" -> exit = true;
        case "--host" -> hosts.add(value(args, ++i, a));
        case "--ssh-config" -> configs.add(Path.of(value(args, ++i, a)));
        case "--config-dir" -> configDir = Path.of(value(args, ++i, a));
        case "--reports-dir" -> reports = Optional.of(Path.of(value(args, ++i, a)));
        case "--snapshot" -> snapshot = Optional.of(Path.of(value(args, ++i, a)));
        case "--snapshot-connect-dialog" -> dialog = Optional.of(Path.of(value(args, ++i, a)));
        case "--snapshot-about-dialog" -> about = Optional.of(Path.of(value(args, ++i, a)));
        default -> throw new IllegalArgumentException("unknown option '" + a + "'. " + USAGE);
      }
    }
    return new AppOptions(configs.isEmpty() ? HostDirectory.defaultConfigFiles() : configs, hosts, lab, connect, configDir,
        reports, snapshot, dialog, about, exit);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value. " + USAGE);
    }
    return args.get(i);
  }
}
