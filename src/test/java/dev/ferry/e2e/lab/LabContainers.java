package dev.ferry.e2e.lab;

import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Names and cleanup for containers that tests make on lab hosts. */
public final class LabContainers {
  private LabContainers() {}

  /** A container name no other test or person uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** Removes a container and its bundle from a host, whatever state it is in; quiet if it is not there. */
  public static void remove(RemoteHost host, String name) {
    host.exec(Command.script("runc delete --force \"$1\" >/dev/null 2>&1; rm -rf \"/var/lib/ferry/containers/$1\"; true", name));
  }

  public static String readFile(RemoteHost host, String path) {
    return host.exec(Command.of("cat", path)).stdout();
  }

  /** The pid of {@code ct}'s first process on {@code host}, as runc states it: the same pid later means the same process, not a restore. */
  public static long initPid(RemoteHost host, String ct) {
    String state = host.exec(Command.of("runc", "state", ct)).stdout();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\": *(\\d+)").matcher(state);
    org.assertj.core.api.Assertions.assertThat(m.find()).as("runc state of " + ct + " on " + host.name() + ": " + state).isTrue();
    return Long.parseLong(m.group(1));
  }

  public static String logOf(String container, String file) {
    return "/var/lib/ferry/containers/" + container + "/rootfs/var/log/" + file;
  }

  /**
   * Waits (at most 20 s) until the counter workload of {@code ct} on the host has logged {@code ticks}
   * ticks stamped after {@code sinceMillis} (realtime); returns its log. A wait for a condition, not a
   * fixed sleep: a slow machine waits longer, a quick one not at all.
   */
  public static TickLog awaitTicks(RemoteHost host, String ct, long sinceMillis, int ticks) throws InterruptedException {
    return Await.until(ct + " on " + host.name() + " logging " + ticks + " ticks", Duration.ofSeconds(20), Duration.ofMillis(100),
        () -> TickLog.parse(readFile(host, logOf(ct, "counter.log"))), log -> log.ticksAfter(sinceMillis) >= ticks);
  }

  /** Waits (at most 20 s) until a file on the host has a line starting with {@code prefix}; returns the whole file. */
  public static String awaitLine(RemoteHost host, String file, String prefix) throws InterruptedException {
    return Await.until("a '" + prefix + "' line in " + file + " on " + host.name(), Duration.ofSeconds(20), Duration.ofMillis(200),
        () -> host.exec(Command.script("cat \"$1\" 2>/dev/null; true", file)).stdout(), text -> text.lines().anyMatch(l -> l.startsWith(prefix)));
  }

  /**
   * Asks the memory workload of {@code ct} on the host to check every page now (SIGUSR1) and waits (at most
   * 30 s) for its answer; returns the new "verify ..." line. The workload checks by itself only after a gap
   * of five ticks, which a short freeze no longer makes.
   */
  public static String selfCheck(RemoteHost host, String ct) throws InterruptedException {
    String file = logOf(ct, "memory.log");
    long before = verifyLines(readFile(host, file)).size();
    Command usr1 = Command.of("runc", "kill", ct, "USR1");
    host.exec(usr1).orThrow(host.name(), usr1);
    List<String> lines = Await.until("the memory workload " + ct + " on " + host.name() + " answering its self-check", Duration.ofSeconds(30),
        Duration.ofMillis(200), () -> verifyLines(readFile(host, file)), seen -> seen.size() > before);
    return lines.get(lines.size() - 1);
  }

  private static List<String> verifyLines(String text) {
    return text.lines().filter(l -> l.startsWith("verify ")).toList();
  }
}
