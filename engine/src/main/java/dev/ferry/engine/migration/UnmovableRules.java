package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.ContainerHoldings.BindMount;
import dev.ferry.engine.migration.ContainerHoldings.Device;
import dev.ferry.engine.migration.ContainerHoldings.OpenFile;
import dev.ferry.engine.migration.ContainerHoldings.UnixSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges what a container holds ({@link ContainerHoldings}) by CRIU's own rules, so that the pre-flight
 * refuses, before anything is frozen, what CRIU would stop the dump for, and lets through what it moves:
 * <ul>
 *   <li>a unix socket whose peer no process of the container holds: CRIU dumps a connection only with
 *       both its ends ({@code criu/sk-unix.c}: "External socket is used"; runc passes no
 *       {@code --ext-unix-sk}, and even with it CRIU cannot move half of a stream connection). A
 *       socketpair or a connection between two of the container's processes, and its own listening
 *       sockets, pass;</li>
 *   <li>an open device CRIU has no code for ({@code criu/files.c} {@code dump_chrdev}, {@code criu/tty.c}
 *       {@code get_tty_driver}): memory devices (null, zero, full, random, urandom...), tun, autofs,
 *       /dev/tty, console, ptmx, virtual consoles, USB and low-density serial ports and pseudo-terminals
 *       pass; every other character device, and any block device, fails;</li>
 *   <li>an anonymous-inode file CRIU has no code for (io_uring, userfaultfd, perf events...);</li>
 *   <li>a bind mount whose source (outside the bundle, which is copied) the destination lacks: runc
 *       mounts it from config.json at the restore.</li>
 * </ul>
 */
final class UnmovableRules {
  static final String UNIX_SOCKET = "unix socket";
  static final String DEVICE = "device";
  static final String BIND_MOUNT = "bind mount";
  static final String SPECIAL_FILE = "special file";
  static final String PROCESS = "process";
  static final String HOLDINGS = "open files and mounts";
  // More rows than this for one kind say nothing new; the last one counts the rest.
  static final int ROWS_PER_KIND = 5;

  // criu/include/tty.h and linux/major.h, as CRIU 4.2 uses them.
  private static final int MEM_MAJOR = 1;
  private static final int TTY_MAJOR = 4;
  private static final int TTYAUX_MAJOR = 5;
  private static final int MISC_MAJOR = 10;
  private static final int TUN_MINOR = 200;
  private static final int AUTOFS_MINOR = 235;
  private static final int UNIX98_PTY_MASTER_MAJOR = 128;
  private static final int UNIX98_PTY_MAJOR_COUNT = 8;
  private static final int UNIX98_PTY_SLAVE_MAJOR = 136;
  private static final int USB_SERIAL_MAJOR = 188;
  private static final int LOW_DENSE_SERIAL_MAJOR = 204;
  private static final int MAX_NR_CONSOLES = 63;
  // The anonymous-inode files CRIU has code for (criu/files.c dump_one_file: eventfd.c, eventpoll.c, fsnotify.c,
  // signalfd.c, timerfd.c, pidfd.c, bpfmap.c); io_uring, userfaultfd, perf events and the like it has not.
  private static final String ANON = "anon_inode:";
  private static final Set<String> CRIU_ANON_FILES = Set.of(ANON + "[eventfd]", ANON + "[eventpoll]", ANON + "inotify",
      ANON + "[fanotify]", ANON + "[signalfd]", ANON + "[timerfd]", ANON + "[pidfd]", ANON + "bpf-map");

  private UnmovableRules() {}

  /** Whether CRIU can dump an open character device with these numbers. */
  static boolean criuMovesCharacterDevice(Device d) {
    int major = d.major();
    int minor = d.minor();
    return switch (major) {
      case MEM_MAJOR, USB_SERIAL_MAJOR, LOW_DENSE_SERIAL_MAJOR, UNIX98_PTY_SLAVE_MAJOR -> true;
      case MISC_MAJOR -> minor == TUN_MINOR || minor == AUTOFS_MINOR;
      case TTYAUX_MAJOR -> minor <= 2;
      case TTY_MAJOR -> minor >= 1 && minor <= MAX_NR_CONSOLES;
      default -> major >= UNIX98_PTY_MASTER_MAJOR && major < UNIX98_PTY_MASTER_MAJOR + UNIX98_PTY_MAJOR_COUNT;
    };
  }

  /**
   * The checks for what {@code ct} holds on {@code source}, whose first process is {@code init};
   * {@code missingOnDestination} are the bind mount sources {@code destination} said it lacks. Only
   * what CRIU dumps is judged: the processes of {@code init}'s tree. One row per finding, each naming
   * the process and what to do; a single pass row when there is none.
   */
  static List<PreflightCheck> judge(ContainerName ct, String source, String destination, long init, ContainerHoldings all,
      Set<String> missingOnDestination) {
    Set<Long> tree = all.tree(init);
    ContainerHoldings h = all.onlyOf(tree);
    List<PreflightCheck> checks = new ArrayList<>();
    List<String> unlooked = new ArrayList<>();
    if (!h.listed()) {
      unlooked.add("its processes could not be listed ('runc ps " + ct + "' failed on " + source + ")");
    } else if (h.unixSockets().isEmpty()) {
      unlooked.add("its unix sockets were not looked at ('ss' from iproute2 did not run on " + source + ")");
    }
    capped(checks, UNIX_SOCKET, externalSockets(h));
    capped(checks, DEVICE, devices(h));
    capped(checks, SPECIAL_FILE, anonymousFiles(h));
    capped(checks, BIND_MOUNT, h.bindMounts().stream().filter(m -> missingOnDestination.contains(m.source()))
        .map(m -> missingMount(m, destination)).toList());
    boolean refused = !checks.isEmpty();
    // Not refused: the move goes on without them, which the user should know before it does.
    all.processes().keySet().stream().filter(p -> !tree.contains(p)).sorted().limit(ROWS_PER_KIND)
        .forEach(p -> checks.add(PreflightCheck.warn(PROCESS, process(all, p) + " runs in " + ct + " but is not a descendant of its first"
            + " process (pid " + init + "), as 'runc exec -d' leaves what it starts: CRIU moves only that process's tree, so this one would"
            + " be left behind and end with the original on " + source + ". Start it from the container's own processes, or again after the move.")));
    if (!unlooked.isEmpty()) {
      checks.add(PreflightCheck.warn(HOLDINGS, "not all of " + ct + " was looked at: " + String.join("; ", unlooked)
          + ". Something CRIU cannot move would then only show when the dump stops, and the container would keep running on " + source + "."));
    } else if (!refused) {
      int mounts = h.bindMounts().size();
      checks.add(PreflightCheck.pass(HOLDINGS, "CRIU can move what " + ct + " holds: " + h.files().size() + " open files in "
          + h.processes().size() + (h.processes().size() == 1 ? " process" : " processes")
          + ", no unix socket connected outside the container, no device or special file CRIU cannot save"
          + (mounts == 0 ? ", no bind mount from outside its folder" : ", and " + destination + " has the source of "
              + (mounts == 1 ? "its bind mount" : "all " + mounts + " of its bind mounts"))));
    }
    return checks;
  }

  private static void capped(List<PreflightCheck> checks, String name, List<String> reasons) {
    for (int i = 0; i < reasons.size() && i < ROWS_PER_KIND; i++) {
      String more = i == ROWS_PER_KIND - 1 && reasons.size() > ROWS_PER_KIND
          ? " (and " + (reasons.size() - ROWS_PER_KIND) + " more like it)" : "";
      checks.add(PreflightCheck.fail(name, reasons.get(i) + more));
    }
  }

  private static List<String> externalSockets(ContainerHoldings h) {
    if (h.unixSockets().isEmpty()) {
      return List.of();
    }
    Map<Long, UnixSocket> sockets = h.unixSockets().get();
    Map<Long, OpenFile> holders = new LinkedHashMap<>();
    for (OpenFile f : h.files()) {
      f.socketInode().ifPresent(ino -> holders.putIfAbsent(ino, f));
    }
    Set<Long> held = new HashSet<>(holders.keySet());
    List<String> reasons = new ArrayList<>();
    holders.forEach((ino, f) -> {
      UnixSocket s = sockets.get(ino);
      // Not in the list: not a unix socket (TCP, UDP, netlink: judged elsewhere, or by CRIU).
      if (s == null || s.peer() == 0 || held.contains(s.peer())) {
        return;
      }
      Optional<UnixSocket> peer = Optional.ofNullable(sockets.get(s.peer()));
      String where = !"*".equals(s.address()) ? ", at " + s.address()
          : peer.filter(p -> !"*".equals(p.address())).map(p -> ", connected to " + p.address()).orElse("");
      reasons.add(process(h, f.pid()) + " holds a unix " + kind(s) + " socket (fd " + f.fd() + where + ") whose other end no process"
          + " of the container holds: CRIU moves a connection only with both its ends, and would stop the dump with 'External"
          + " socket is used'. Close that connection before moving, or run the program at its other end inside the container.");
    });
    return reasons;
  }

  private static List<String> devices(ContainerHoldings h) {
    List<String> reasons = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OpenFile f : h.files()) {
      boolean block = f.type() == 'b';
      if (f.type() != 'c' && !block) {
        continue;
      }
      Optional<Device> d = f.device();
      if (!block && (d.isEmpty() || criuMovesCharacterDevice(d.get()))) {
        continue;
      }
      if (!seen.add(f.pid() + " " + f.link())) {
        continue;
      }
      reasons.add(process(h, f.pid()) + " has " + f.link() + " open (fd " + f.fd() + ", " + (block ? "block" : "character") + " device"
          + d.map(x -> " " + x).orElse("") + "): CRIU cannot save an open device of this kind, and would stop the dump."
          + " Close it before moving, or stop the program that uses it.");
    }
    return reasons;
  }

  private static List<String> anonymousFiles(ContainerHoldings h) {
    List<String> reasons = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OpenFile f : h.files()) {
      if (f.link().startsWith(ANON) && !CRIU_ANON_FILES.contains(f.link()) && seen.add(f.pid() + " " + f.link())) {
        reasons.add(process(h, f.pid()) + " has an " + f.link() + " open (fd " + f.fd() + "): CRIU saves eventfd, epoll, inotify,"
            + " fanotify, signalfd, timerfd and pidfd files, not this kind, and would stop the dump. Close it before moving,"
            + " or stop the program that uses it.");
      }
    }
    return reasons;
  }

  private static String missingMount(BindMount m, String destination) {
    return "the bind mount at " + m.destination() + " in the container comes from " + m.source() + ", which " + destination
        + " does not have: runc could not make the mount there at the restore. Create " + m.source() + " on " + destination
        + " with the same contents (or put it on storage both hosts share), or remove the mount.";
  }

  private static String process(ContainerHoldings h, long pid) {
    String name = h.processes().getOrDefault(pid, "");
    return (name.isEmpty() ? "process" : name) + " (pid " + pid + ")";
  }

  private static String kind(UnixSocket s) {
    return switch (s.kind()) {
      case "u_dgr" -> "datagram";
      case "u_seq" -> "seqpacket";
      default -> "stream";
    };
  }
}
