package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.migration.ContainerHoldings.BindMount;
import dev.ferry.engine.migration.ContainerHoldings.Device;
import dev.ferry.engine.migration.ContainerHoldings.UnixSocket;
import dev.ferry.engine.migration.PreflightCheck.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the source's look at a container says (resources/holdings), read and judged by CRIU's rules:
 * what CRIU stops a dump for is refused with the process and what to do; what it moves passes.
 */
class UnmovableRulesTest {
  private static final ContainerName CT = ContainerName.of("web-1");
  private static final String BUNDLE = "/var/lib/ferry/containers/web-1";

  private static String recording(String name) {
    try (InputStream in = UnmovableRulesTest.class.getResourceAsStream("/holdings/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ContainerHoldings MIXED = ContainerHoldings.parse(recording("unix-peers-external"), BUNDLE);

  private static List<PreflightCheck> judge(long init, ContainerHoldings h, Set<String> missing) {
    return UnmovableRules.judge(CT, "ferry-a", "ferry-b", init, h, missing);
  }

  @Nested
  class Reading {
    @Test
    void readsEveryProcessWithItsOpenFilesAndDeviceNumbers() {
      assertThat(MIXED.marked()).isTrue();
      assertThat(MIXED.listed()).isTrue();
      assertThat(MIXED.processes()).containsOnlyKeys(4242L, 4250L).containsEntry(4242L, "ferry-unix-peer");
      assertThat(MIXED.files()).hasSize(17);
      assertThat(MIXED.files()).filteredOn(f -> f.fd() == 9 && f.pid() == 4242).singleElement()
          .satisfies(f -> {
            assertThat(f.link()).isEqualTo("/dev/fuse");
            assertThat(f.type()).isEqualTo('c');
            assertThat(f.device()).contains(new Device(10, 229));
          });
      assertThat(MIXED.files()).filteredOn(f -> f.fd() == 4 && f.pid() == 4242).singleElement()
          .satisfies(f -> assertThat(f.socketInode()).contains(358405L));
    }

    @Test
    void readsUnixSocketsWithTheirPeersEvenWhenAPathHasASpace() {
      assertThat(MIXED.unixSockets()).isPresent();
      var sockets = MIXED.unixSockets().get();
      assertThat(sockets.get(358600L)).isEqualTo(new UnixSocket(358600, "u_str", "LISTEN", "/run/own.sock", 0));
      assertThat(sockets.get(358700L)).isEqualTo(new UnixSocket(358700, "u_dgr", "ESTAB", "*", 15619));
      assertThat(sockets.get(15619L).address()).isEqualTo("/run/my log.sock");
    }

    @Test
    void keepsOnlyBindMountsFromOutsideTheBundle() {
      assertThat(MIXED.bindMounts()).containsExactly(new BindMount("/tmp/pf-data", "/data"), new BindMount("/srv/app conf", "/etc/app"));
      assertThat(MIXED.mountSources()).containsExactly("/tmp/pf-data", "/srv/app conf");
    }

    @Test
    void aLookThatCouldNotListTheProcessesSaysSo() {
      ContainerHoldings h = ContainerHoldings.parse("@@marked\n@@config\n{}\n\n@@pids\n@@unlisted\n", BUNDLE);
      assertThat(h.listed()).isFalse();
      assertThat(h.files()).isEmpty();
      assertThat(h.unixSockets()).isEmpty();
    }

    @Test
    void aFailedSsLeavesTheSocketsUnknownNotEmpty() {
      ContainerHoldings h = ContainerHoldings.parse("@@config\n\n@@pids\n@@proc 7 1 sleep\nfd 0 c /dev/null\n@@unix\n@@unix-failed\n", BUNDLE);
      assertThat(h.marked()).isFalse();
      assertThat(h.unixSockets()).isEmpty();
      assertThat(h.files()).hasSize(1);
    }
  }

  @Nested
  class Judging {
    @Test
    void refusesEachSocketWhosePeerIsOutsideTheContainerAndEachDeviceCriuCannotSaveAndEachMissingMount() {
      List<PreflightCheck> checks = judge(4242, MIXED, Set.of("/tmp/pf-data"));

      assertThat(checks).allMatch(c -> c.status() == Status.FAIL);
      assertThat(checks).extracting(PreflightCheck::name).containsExactly("unix socket", "unix socket", "device", "device", "bind mount");
      assertThat(checks.get(0).reason()).isEqualTo("ferry-unix-peer (pid 4242) holds a unix stream socket (fd 4) whose other end no"
          + " process of the container holds: CRIU moves a connection only with both its ends, and would stop the dump with"
          + " 'External socket is used'. Close that connection before moving, or run the program at its other end inside the container.");
      assertThat(checks.get(1).reason()).startsWith("ferry-unix-peer (pid 4242) holds a unix datagram socket (fd 8, connected to"
          + " /run/my log.sock) whose other end");
      assertThat(checks.get(2).reason()).isEqualTo("ferry-unix-peer (pid 4242) has /dev/fuse open (fd 9, character device 10:229):"
          + " CRIU cannot save an open device of this kind, and would stop the dump. Close it before moving, or stop the program that uses it.");
      assertThat(checks.get(3).reason()).startsWith("ferry-unix-peer (pid 4242) has /dev/loop0 open (fd 10, block device 7:0)");
      assertThat(checks.get(4).reason()).isEqualTo("the bind mount at /data in the container comes from /tmp/pf-data, which ferry-b"
          + " does not have: runc could not make the mount there at the restore. Create /tmp/pf-data on ferry-b with the same"
          + " contents (or put it on storage both hosts share), or remove the mount.");
    }

    @Test
    void findsTheOneOutsideConnectionOfARealFerryUnixPeersAndTheProcessRuncExecLeftOutsideItsTree() {
      // The look run on the lab's ferry-a (2026-12-02): ferry-unix-peers --own --connect (init 14876) and its helper, socat
      // listening on ext.sock outside the container, and a `runc exec -d` sleep, which the host's reaper adopted.
      ContainerHoldings h = ContainerHoldings.parse(recording("lab-unix-peers"), "/var/lib/ferry/containers/pf10-rec");
      assertThat(h.processes()).containsOnlyKeys(14876L, 14881L, 14912L);
      assertThat(h.tree(14876)).containsExactlyInAnyOrder(14876L, 14881L);

      List<PreflightCheck> checks = judge(14876, h, Set.of());

      assertThat(checks).extracting(PreflightCheck::name, PreflightCheck::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("unix socket", Status.FAIL), org.assertj.core.groups.Tuple.tuple("process", Status.WARN));
      assertThat(checks.get(0).reason()).startsWith("ferry-unix-peer (pid 14876) holds a unix stream socket (fd 7, connected to"
          + " /var/lib/ferry/containers/pf10-rec/rootfs/run/ext.sock) whose other end no process of the container holds");
      assertThat(checks.get(1).reason()).isEqualTo("sleep (pid 14912) runs in web-1 but is not a descendant of its first process"
          + " (pid 14876), as 'runc exec -d' leaves what it starts: CRIU moves only that process's tree, so this one would be left"
          + " behind and end with the original on ferry-a. Start it from the container's own processes, or again after the move.");
    }

    @Test
    void passesTheContainersOwnListenerItsInsideConnectionAndSocketpairAndItsTerminal() {
      String own = """
          @@marked
          @@config
          {"mounts": [{"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind"]}]}
          @@pids
          @@proc 10 1 ferry-unix-peer
          fd 0 c /dev/null
          fd 3 s socket:[600]
          fd 4 s socket:[500]
          fd 5 s socket:[502]
          fd 6 c /dev/pts/0
          fd 7 c /dev/urandom
          fd 8 c /dev/net/tun
          fd 9 c /dev/tty
          dev /proc/10/fd/0 1 3
          dev /proc/10/fd/6 88 0
          dev /proc/10/fd/7 1 9
          dev /proc/10/fd/8 a c8
          dev /proc/10/fd/9 5 0
          @@proc 11 10 ferry-unix-peer
          fd 3 s socket:[501]
          fd 4 s socket:[503]
          @@unix
          u_str LISTEN 0      16     /run/own.sock 600 * 0
          u_str ESTAB  0      0      /run/own.sock 500 * 501
          u_str ESTAB  0      0                     * 501 * 500
          u_str ESTAB  0      0                     * 502 * 503
          u_str ESTAB  0      0                     * 503 * 502
          """;
      List<PreflightCheck> checks = judge(10, ContainerHoldings.parse(own, BUNDLE), Set.of());

      assertThat(checks).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.name()).isEqualTo("open files and mounts");
        assertThat(c.reason()).isEqualTo("CRIU can move what web-1 holds: 10 open files in 2 processes, no unix socket connected outside"
            + " the container, no device or special file CRIU cannot save, and ferry-b has the source of its bind mount");
      });
    }

    @Test
    void refusesAnIoUringButNotTheEventFilesCriuSaves() {
      String out = "@@pids\n@@proc 10 1 app\nfd 3 U anon_inode:[eventpoll]\nfd 4 U anon_inode:[eventfd]\nfd 5 U anon_inode:inotify\n"
          + "fd 6 U anon_inode:[timerfd]\nfd 7 U anon_inode:[signalfd]\nfd 8 U anon_inode:[io_uring]\nfd 9 U anon_inode:[io_uring]\n@@unix\n";
      assertThat(judge(10, ContainerHoldings.parse(out, BUNDLE), Set.of())).singleElement().satisfies(c -> {
        assertThat(c.name()).isEqualTo("special file");
        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).isEqualTo("app (pid 10) has an anon_inode:[io_uring] open (fd 8): CRIU saves eventfd, epoll, inotify,"
            + " fanotify, signalfd, timerfd and pidfd files, not this kind, and would stop the dump. Close it before moving,"
            + " or stop the program that uses it.");
      });
    }

    @Test
    void aSocketThatIsNotUnixIsLeftToTheOtherChecks() {
      String tcp = "@@pids\n@@proc 10 1 httpd\nfd 3 s socket:[900]\n@@unix\nu_str ESTAB 0 0 * 1 * 2\n";
      assertThat(judge(10, ContainerHoldings.parse(tcp, BUNDLE), Set.of())).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo(Status.PASS));
    }

    @Test
    void whatCouldNotBeLookedAtWarnsAndSaysWhy() {
      ContainerHoldings h = ContainerHoldings.parse("@@pids\n@@proc 7 1 sleep\nfd 0 c /dev/null\n@@unix\n@@unix-failed\n", BUNDLE);
      assertThat(judge(7, h, Set.of())).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).isEqualTo("not all of web-1 was looked at: its unix sockets were not looked at ('ss' from iproute2 did"
            + " not run on ferry-a). Something CRIU cannot move would then only show when the dump stops, and the container would"
            + " keep running on ferry-a.");
      });
    }

    @Test
    void manyFindingsOfOneKindAreCappedAndCounted() {
      StringBuilder out = new StringBuilder("@@pids\n@@proc 7 1 fuse-user\n");
      for (int fd = 3; fd < 12; fd++) {
        out.append("fd ").append(fd).append(" c /dev/fuse").append(fd).append('\n');
        out.append("dev /proc/7/fd/").append(fd).append(" a e5\n");
      }
      out.append("@@unix\n");
      List<PreflightCheck> checks = judge(7, ContainerHoldings.parse(out.toString(), BUNDLE), Set.of());
      assertThat(checks).hasSize(UnmovableRules.ROWS_PER_KIND);
      assertThat(checks.get(UnmovableRules.ROWS_PER_KIND - 1).reason()).endsWith("(and 4 more like it)");
    }
  }

  @Nested
  class CriuDevices {
    @Test
    void movesWhatCriuHasCodeFor() {
      for (Device d : List.of(new Device(1, 3), new Device(1, 5), new Device(1, 7), new Device(1, 8), new Device(1, 9),
          new Device(5, 0), new Device(5, 1), new Device(5, 2), new Device(136, 4), new Device(128, 0), new Device(10, 200),
          new Device(10, 235), new Device(4, 1), new Device(188, 0), new Device(204, 64))) {
        assertThat(UnmovableRules.criuMovesCharacterDevice(d)).as(d.toString()).isTrue();
      }
    }

    @Test
    void refusesWhatCriuHasNoCodeFor() {
      // fuse, kvm, vhost-net, uinput, a UART (ttyS0), /dev/tty0, an input event device, a pts above 255
      for (Device d : List.of(new Device(10, 229), new Device(10, 232), new Device(10, 238), new Device(10, 223), new Device(4, 64),
          new Device(4, 0), new Device(13, 64), new Device(137, 0), new Device(5, 3))) {
        assertThat(UnmovableRules.criuMovesCharacterDevice(d)).as(d.toString()).isFalse();
      }
    }
  }
}
