package dev.ferry.e2e.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The faults of issue #9, each real on the lab (native/lab/README.md, "Faults"): links cut on the lab
 * bridge or on the client's forwarders, sshd killed, a full disk, a damaged image, a host crashed.
 */
final class LabFaults {
  // The comment of the administrator's line the /root-full fault puts into root's authorized_keys.
  static final String ADMIN_TAG = "ferry-faults-admin";

  private LabFaults() {}

  /** Which of the migration's hosts a fault strikes. */
  enum Role {
    SOURCE, DESTINATION;

    String of(FaultScene s) {
      return this == SOURCE ? s.source() : s.destination();
    }

    String word() {
      return this == SOURCE ? "source" : "destination";
    }
  }

  /** The destination's link on the lab bridge down: the hosts cannot reach each other; the client still reaches both. */
  static Fault hostLinkCut(Duration healAfter) {
    return simple("host-link-cut", "the host-to-host link cut (destination's port on the lab bridge down), healed after "
        + healAfter.toSeconds() + " s", healAfter, s -> new String[] {"cut", s.destination()}, s -> new String[] {"heal", s.destination()});
  }

  /** The client's own link to one host dropped silently (iptables on 127.0.0.1:PORT, both ways). */
  static Fault clientLinkCut(Role role, Duration healAfter) {
    return simple("client-link-cut-" + role.word(), "the client's link to the " + role.word() + " cut (packets dropped both ways), healed after "
        + healAfter.toSeconds() + " s", healAfter, s -> new String[] {"client-cut", role.of(s)}, s -> new String[] {"client-heal", role.of(s)});
  }

  /** Every sshd process of one host killed (open connections drop), started again after a while. */
  static Fault sshdKilled(Role role, Duration downFor) {
    return simple(role.word() + "-sshd-killed", "the " + role.word() + "'s sshd killed (all its connections drop), started again after "
        + downFor.toSeconds() + " s", downFor, s -> new String[] {"sshd-stop", role.of(s)}, s -> new String[] {"sshd-start", role.of(s)});
  }

  /** A power cut: every process of one host killed, /run cleared, disk kept; booted again after a while. */
  static Fault hostCrash(Role role, Duration downFor) {
    return simple(role.word() + "-crash", "every process of the " + role.word() + " killed as in a power cut (sshd, holder, containers,"
        + " watchdogs; /run cleared), booted after " + downFor.toSeconds() + " s", downFor,
        s -> new String[] {"crash", role.of(s)}, s -> new String[] {"boot", role.of(s)}, role);
  }

  /** The destination's container store and work folders full (tmpfs copies filled to the last byte). */
  static Fault destinationStoreFull() {
    return new Fault() {
      @Override
      public String name() {
        return "dest-store-full";
      }

      @Override
      public String description() {
        return "the destination's /var/lib/ferry/containers and /var/lib/ferry/work full (small tmpfs, filled)";
      }

      @Override
      public void inject(FaultScene s) {
        s.sh("fill", s.destination(), "/var/lib/ferry/containers");
        s.sh("fill", s.destination(), "/var/lib/ferry/work");
      }

      @Override
      public List<String> heal(FaultScene s) {
        s.sh("unfill", s.destination(), "/var/lib/ferry/work");
        s.sh("unfill", s.destination(), "/var/lib/ferry/containers");
        return List.of();
      }
    };
  }

  /** The destination's /root full: where the migration key goes. root's authorized_keys must survive it. */
  static Fault destinationRootFull() {
    return new Fault() {
      private String before;

      @Override
      public String name() {
        return "dest-root-full";
      }

      @Override
      public String description() {
        return "the destination's /root full (authorized_keys on a filled tmpfs copy)";
      }

      @Override
      public void inject(FaultScene s) {
        // The lab's admin key lives outside /root; an administrator's own line in root's file is what must survive.
        s.lab().exec(s.destination(), "sh", "-c", "mkdir -p /root/.ssh && grep -qF " + ADMIN_TAG + " /root/.ssh/authorized_keys 2>/dev/null"
            + " || echo \"$(cut -d' ' -f1,2 " + s.lab().dir() + "/id_ed25519.pub) " + ADMIN_TAG + "\" >> /root/.ssh/authorized_keys")
            .orFail("add an administrator's line to root's authorized_keys on " + s.destination());
        before = authorizedKeys(s);
        s.sh("fill", s.destination(), "/root");
      }

      @Override
      public List<String> heal(FaultScene s) {
        List<String> seen = new ArrayList<>();
        String during = authorizedKeys(s);
        if (before != null && !before.equals(during)) {
          seen.add(s.destination() + ": root's authorized_keys changed while /root was full: " + before + " -> " + during);
        }
        s.sh("unfill", s.destination(), "/root");
        s.lab().exec(s.destination(), "sed", "-i", "/" + ADMIN_TAG + "$/d", "/root/.ssh/authorized_keys");
        return seen;
      }

      private String authorizedKeys(FaultScene s) {
        return s.lab().exec(s.destination(), "sh", "-c",
            "echo \"$(wc -l < /root/.ssh/authorized_keys) lines, $(grep -v ferry-migration /root/.ssh/authorized_keys | sha256sum | cut -c1-16)\"")
            .stdout().strip();
      }
    };
  }

  /** The copied process image damaged on the destination just before the restore (garbage over CRIU's core and tree files). */
  static Fault damagedImage() {
    return new Fault() {
      @Override
      public String name() {
        return "damaged-image";
      }

      @Override
      public String description() {
        return "the copied image damaged on the destination before the restore (random bytes over core-*.img and pstree.img)";
      }

      @Override
      public void inject(FaultScene s) {
        String script = "n=0; for f in $1/img/core-*.img $1/img/pstree.img; do [ -f \"$f\" ] || continue;"
            + " dd if=/dev/urandom of=\"$f\" bs=1 count=$(stat -c %s \"$f\") conv=notrunc 2>/dev/null; n=$((n+1)); done;"
            + " echo $n; [ $n -gt 0 ]";
        s.lab().exec(s.destination(), "sh", "-c", script.replace("$1", s.workGlob())).orFail("damage the image on " + s.destination());
      }

      @Override
      public List<String> heal(FaultScene s) {
        return List.of();
      }
    };
  }

  private static Fault simple(String name, String description, Duration healAfter, Function<FaultScene, String[]> inject,
      Function<FaultScene, String[]> heal) {
    return simple(name, description, healAfter, inject, heal, null);
  }

  /** {@code killed}: the host whose every process the fault kills (a power cut), or null. */
  private static Fault simple(String name, String description, Duration healAfter, Function<FaultScene, String[]> inject,
      Function<FaultScene, String[]> heal, Role killed) {
    return new Fault() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void inject(FaultScene s) {
        s.sh(inject.apply(s));
      }

      @Override
      public List<String> heal(FaultScene s) {
        s.sh(heal.apply(s));
        return List.of();
      }

      @Override
      public Duration healAfter() {
        return healAfter;
      }

      @Override
      public java.util.Optional<String> killsProcessesOf(FaultScene s) {
        return java.util.Optional.ofNullable(killed).map(r -> r.of(s));
      }
    };
  }
}
