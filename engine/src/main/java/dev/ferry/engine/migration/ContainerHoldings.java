package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running container holds that decides whether CRIU can move it, seen from the source without
 * freezing anything: each process's open files ({@code /proc/PID/fd}), the unix sockets of its network
 * namespace with their peers ({@code ss -x}, which reads the kernel's sock_diag like CRIU does), and
 * the bind mounts its bundle's config.json asks for. {@link #look} is the one command that gathers it
 * (it also makes the pre-flight's shared-storage marker, sparing a round trip); {@link #parse} reads
 * its answer, and {@link UnmovableRules} judges it.
 */
record ContainerHoldings(boolean marked, boolean listed, Map<Long, String> processes, Map<Long, Long> parents, List<OpenFile> files,
    Optional<Map<Long, UnixSocket>> unixSockets, List<BindMount> bindMounts) {

  /** One open file descriptor: its process, number, type letter as find's %Y prints it, link text and device number. */
  record OpenFile(long pid, int fd, char type, String link, Optional<Device> device) {
    /** The inode of a socket link ("socket:[123]"), if this is one. */
    Optional<Long> socketInode() {
      if (!link.startsWith("socket:[") || !link.endsWith("]")) {
        return Optional.empty();
      }
      try {
        return Optional.of(Long.parseLong(link.substring("socket:[".length(), link.length() - 1)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** A device's major and minor numbers. */
  record Device(int major, int minor) {
    @Override
    public String toString() {
      return major + ":" + minor;
    }
  }

  /** A unix socket as ss lists it: stream, datagram or seqpacket, its state, its address (or "*"), and its peer's inode (0: none). */
  record UnixSocket(long inode, String kind, String state, String address, long peer) {}

  /** A bind mount of config.json: a host path and where it appears in the container. */
  record BindMount(String source, String destination) {}

  ContainerHoldings {
    processes = Map.copyOf(processes);
    parents = Map.copyOf(parents);
    files = List.copyOf(files);
    unixSockets = unixSockets.map(Map::copyOf);
    bindMounts = List.copyOf(bindMounts);
  }

  private static final String MARK = "@@";
  // $1 the storage marker to make, $2 the container, $3 its bundle. Every section starts with a line of its
  // own; fds are listed by find (one process each, no fork per fd), devices are stat'ed only when there are any.
  private static final String LOOK = """
      marker=$1; id=$2; bundle=$3
      [ -n "$marker" ] && touch "$marker" 2>/dev/null && echo '@@marked'
      echo '@@config'
      cat "$bundle/config.json" 2>/dev/null
      echo; echo '@@pids'
      pids=$(runc ps --format json "$id" 2>/dev/null) || { echo '@@unlisted'; exit 0; }
      first=
      for p in $(printf '%s' "$pids" | tr -c '0-9' ' '); do
        [ -n "$first" ] || first=$p
        printf '@@proc %s %s ' "$p" "$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)"
        head -c 64 "/proc/$p/comm" 2>/dev/null || echo
        find "/proc/$p/fd" -mindepth 1 -maxdepth 1 -printf 'fd %f %Y %l\\n' 2>/dev/null
        find "/proc/$p/fd" -mindepth 1 -maxdepth 1 \\( -xtype c -o -xtype b \\) -exec stat -L -c 'dev %n %t %T' {} + 2>/dev/null
      done
      [ -n "$first" ] || exit 0
      echo '@@unix'
      nsenter -t "$first" -n ss -xanH 2>/dev/null || echo '@@unix-failed'
      """;

  /** The look at {@code ct} on the source, which also makes {@code marker} (see {@link Preflight}). */
  static Command look(String marker, ContainerName ct, String bundle) {
    return Command.script(LOOK, marker, ct.value(), bundle);
  }

  /** The same look at a Podman container, by the id its runtime knows it by and the bundle Podman made; no marker. */
  static Command lookPodman(String runtimeId, String bundle) {
    return Command.script(LOOK, "", runtimeId, bundle);
  }

  /** Reads what {@link #look} printed; a section it could not fill is left empty, never guessed. */
  static ContainerHoldings parse(String output, String bundle) {
    Map<String, StringBuilder> sections = new LinkedHashMap<>();
    Map<Long, String> processes = new LinkedHashMap<>();
    Map<Long, Long> parents = new LinkedHashMap<>();
    List<String> fdLines = new ArrayList<>();
    Map<String, Device> devices = new LinkedHashMap<>();
    StringBuilder current = null;
    long pid = -1;
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(MARK + "proc ")) {
        String[] p = line.substring(MARK.length() + 5).split(" ", 3);
        pid = Long.parseLong(p[0]);
        if (p.length > 1 && !p[1].isEmpty() && p[1].chars().allMatch(Character::isDigit)) {
          parents.put(pid, Long.parseLong(p[1]));
        }
        processes.put(pid, p.length > 2 ? p[2].strip() : "");
        current = null;
      } else if (line.startsWith(MARK)) {
        current = sections.computeIfAbsent(line.substring(MARK.length()).strip(), k -> new StringBuilder());
      } else if (current != null) {
        current.append(line).append('\n');
      } else if (pid >= 0 && line.startsWith("fd ")) {
        fdLines.add(pid + " " + line.substring(3));
      } else if (pid >= 0 && line.startsWith("dev ")) {
        String[] d = line.substring(4).strip().split(" ");
        if (d.length == 3) {
          devices.put(d[0], new Device(Integer.parseInt(d[1], 16), Integer.parseInt(d[2], 16)));
        }
      }
    }
    List<OpenFile> files = new ArrayList<>();
    for (String l : fdLines) {
      String[] f = l.split(" ", 4);
      if (f.length < 3 || f[2].length() != 1 || !f[1].chars().allMatch(Character::isDigit)) {
        continue;
      }
      long p = Long.parseLong(f[0]);
      files.add(new OpenFile(p, Integer.parseInt(f[1]), f[2].charAt(0), f.length > 3 ? f[3] : "",
          Optional.ofNullable(devices.get("/proc/" + p + "/fd/" + f[1]))));
    }
    boolean listed = sections.containsKey("pids") && !sections.containsKey("unlisted");
    Optional<Map<Long, UnixSocket>> unix = sections.containsKey("unix") && !sections.containsKey("unix-failed")
        ? Optional.of(unixSockets(sections.get("unix").toString())) : Optional.empty();
    List<BindMount> mounts = sections.containsKey("config") ? bindMounts(sections.get("config").toString(), bundle) : List.of();
    return new ContainerHoldings(sections.containsKey("marked"), listed, processes, parents, files, unix, mounts);
  }

  /**
   * ss -xanH lines: kind, state, receive and send queues, the local address and inode, the peer's
   * address and inode. An address is "*" or a path; a path with spaces makes more words, so the
   * inodes are read from the end, where the peer's address is one word ("*" as ss 6.1 prints it).
   */
  static Map<Long, UnixSocket> unixSockets(String ss) {
    Map<Long, UnixSocket> sockets = new LinkedHashMap<>();
    for (String line : ss.split("\n")) {
      String[] w = line.strip().split("\\s+");
      if (w.length < 8 || !w[0].startsWith("u_")) {
        continue;
      }
      int n = w.length;
      try {
        long inode = Long.parseLong(w[n - 3]);
        long peer = Long.parseLong(w[n - 1]);
        String address = String.join(" ", java.util.Arrays.copyOfRange(w, 4, n - 3));
        sockets.put(inode, new UnixSocket(inode, w[0], w[1], address, peer));
      } catch (NumberFormatException e) {
        // a line of another shape (a newer ss): not a socket Ferry can judge
      }
    }
    return sockets;
  }

  /**
   * The bind mounts whose source is a host path outside the bundle (what is inside is copied with
   * the container). A relative source is relative to the bundle, as runc reads it.
   */
  static List<BindMount> bindMounts(String configJson, String bundle) {
    JsonNode config;
    try {
      config = Json.MAPPER.readTree(configJson.isBlank() ? "{}" : configJson);
    } catch (IOException e) {
      return List.of();
    }
    List<BindMount> mounts = new ArrayList<>();
    for (JsonNode m : config.path("mounts")) {
      boolean bind = "bind".equals(m.path("type").asText());
      for (JsonNode o : m.path("options")) {
        bind |= o.asText().equals("bind") || o.asText().equals("rbind");
      }
      String source = m.path("source").asText("");
      if (!bind || source.isEmpty()) {
        continue;
      }
      String absolute = source.startsWith("/") ? source : bundle + "/" + source;
      if (!absolute.equals(bundle) && !absolute.startsWith(bundle + "/")) {
        mounts.add(new BindMount(absolute, m.path("destination").asText("")));
      }
    }
    return mounts;
  }

  /**
   * The processes CRIU dumps: {@code init} and its descendants (CRIU walks the tree from the pid runc
   * gives it). A process {@code runc exec -d} started is in the container's cgroup but was handed to
   * the host's reaper when runc exited, so it is outside the tree and CRIU leaves it behind. If
   * {@code init} was not listed, every listed process counts.
   */
  java.util.Set<Long> tree(long init) {
    if (!processes.containsKey(init)) {
      return processes.keySet();
    }
    java.util.Set<Long> tree = new java.util.LinkedHashSet<>(List.of(init));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<Long, Long> e : parents.entrySet()) {
        if (tree.contains(e.getValue()) && tree.add(e.getKey())) {
          grew = true;
        }
      }
    }
    return tree;
  }

  /** The same holdings with only the processes in {@code pids} and their files. */
  ContainerHoldings onlyOf(java.util.Set<Long> pids) {
    Map<Long, String> kept = new LinkedHashMap<>(processes);
    kept.keySet().retainAll(pids);
    return new ContainerHoldings(marked, listed, kept, parents, files.stream().filter(f -> pids.contains(f.pid())).toList(), unixSockets,
        bindMounts);
  }

  /** The host paths the destination must have for runc to make the bind mounts at the restore. */
  List<String> mountSources() {
    return bindMounts.stream().map(BindMount::source).distinct().toList();
  }
}
