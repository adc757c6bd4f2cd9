package dev.ferry.engine.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A made-up /proc and /sys under a temporary directory, plus a runc state root, for running the real
 * sampler script against hosts this machine is not: cgroup v2, systemd's v1 layout, odd processes.
 */
final class FakeHostTree {
  static final String V2_MOUNTS = "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n";
  static final String SYSTEMD_V1_MOUNTS = """
      tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
      cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0
      cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0
      cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
      cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0
      """;

  final Path root;
  final Path runcRoot;
  final Path store;

  FakeHostTree(Path dir, String mounts) {
    this.root = dir.resolve("root");
    this.runcRoot = dir.resolve("runc");
    this.store = dir;
    write("proc/mounts", mounts);
    write("proc/stat", """
        cpu  100 1 50 1000 10 2 3 4 0 0
        cpu0 50 1 25 500 5 1 2 2 0 0
        cpu1 50 0 25 500 5 1 1 2 0 0
        intr 12345 0 9 0
        ctxt 999
        """);
    write("proc/uptime", "4000.25 7000.50\n");
    write("proc/loadavg", "0.50 0.40 0.30 2/100 4242\n");
    write("proc/meminfo", "MemTotal:        2048000 kB\nMemFree:          100000 kB\nMemAvailable:    1024000 kB\nBuffers: 1 kB\n");
    write("proc/net/dev", """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 5000       10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
          eth0:1000000    900    0    0    0     0          0         0   200000     800    0    0    0     0       0          0
        veth1a2b: 30000    20    0    0    0     0          0         0     4000      30    0    0    0     0       0          0
        """);
  }

  /** A running container: its runc state file and its init process's stat and cgroup files. */
  FakeHostTree container(String id, int pid, long startTime, String cgroupFile) {
    writeState(id, pid, startTime);
    process(pid, "sleep", startTime);
    write("proc/" + pid + "/cgroup", cgroupFile);
    return this;
  }

  void writeState(String id, int pid, long startTime) {
    // The shape of runc 1.1's state.json: one line, the init pid and its start time near the front.
    writeAt(runcRoot.resolve(id).resolve("state.json"), "{\"id\":\"" + id + "\",\"init_process_pid\":" + pid
        + ",\"init_process_start\":" + startTime + ",\"created\":\"2026-11-23T16:26:35.5Z\",\"config\":{\"rootfs\":\"/x\"}}");
  }

  /** /proc/PID/stat with the start time in field 22, as proc(5) lays it out. */
  void process(int pid, String comm, long startTime) {
    StringBuilder stat = new StringBuilder(pid + " (" + comm + ") S");
    for (int field = 4; field <= 21; field++) {
      stat.append(" 1");
    }
    write("proc/" + pid + "/stat", stat.append(' ').append(startTime).append(" 2322432 332 0\n").toString());
  }

  FakeHostTree write(String relative, String content) {
    writeAt(root.resolve(relative), content);
    return this;
  }

  private static void writeAt(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
