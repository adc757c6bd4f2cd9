package dev.ferry.engine.criu;

import static dev.ferry.engine.criu.CriuFailure.Kind.*;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The failures Ferry can explain, each proven by one line of CRIU's or the runtime's output. The
 * patterns match CRIU 3.17-4.2 and runc 1.1 wording as recorded on real hosts (see the test
 * resources under criu/). Advice says what the user can do, with the command an administrator
 * needs where one is unavoidable.
 */
final class FailureRules {

  static final List<FailureRule> ALL = List.of(
      FailureRule.of(PRE_COPY_UNSUPPORTED,
          // criu check's warning; the BUG_ON CRIU 4.2 hits in pre-dump without it; runc's debug line.
          "Dirty tracking is OFF|BUG at criu/mem\\.c|mem_dirty_track|soft-dirty|does not support MemTrack",
          "This host's kernel cannot track which memory pages change, so memory cannot be copied"
              + " while the container keeps running (pre-copy).",
          "Migrate without pre-copy: the memory is then copied during the pause, which makes the pause"
              + " longer. Pre-copy needs a kernel built with CONFIG_MEM_SOFT_DIRTY; most distribution"
              + " kernels have it. The container was not changed."),
      FailureRule.of(POST_COPY_UNSUPPORTED,
          "Unable to open an userfaultfd descriptor|Failed to get uffd API|Incompatible uffd API"
              + "|does not support LazyPages",
          "This host cannot hand memory pages over after the container resumes (post-copy): its kernel"
              + " does not let CRIU use userfaultfd.",
          "Migrate without post-copy, so all memory is copied before the container resumes. An"
              + " administrator can check with: criu check --feature uffd-noncoop"),
      FailureRule.of(CRIU_FEATURE_MISSING,
          "CRIU is missing features",
          "CRIU on this host lacks a kernel feature that the chosen way of migrating needs: memory"
              + " change tracking for pre-copy, or userfaultfd for post-copy.",
          "Migrate this container with plain stop-and-copy. To find which feature is missing, an"
              + " administrator can run: criu check --feature mem_dirty_track; criu check --feature"
              + " uffd-noncoop. The container was not changed."),
      FailureRule.of(CRIU_TOO_OLD_FOR_KERNEL,
          "Unexpected rt vDSO area bounds",
          "The CRIU installed on this host is too old for its kernel and stops before doing anything.",
          "Install CRIU 4.2 or newer on this host (Debian 12's CRIU 3.17 fails like this on new"
              + " kernels). The container was not changed."),
      FailureRule.of(CRIU_TOO_OLD_FOR_SOCKETS,
          "sockets: Can't get \\d+:\\d+ opt",
          "The CRIU installed on this host cannot read the network settings of the container's"
              + " connections on this kernel, so it cannot save a container that uses the network.",
          "Install CRIU 4.2 or newer on this host (CRIU 4.1 fails like this on recent kernels). The"
              + " container keeps running where it is."),
      FailureRule.of(TCP_NEEDS_ESTABLISHED,
          "Connected TCP socket, consider using --tcp-established",
          "The container has open network connections, and the checkpoint was not told to keep them.",
          "Migrate again with 'keep network connections' on (CRIU's --tcp-established); clients then"
              + " only see a short pause. The container keeps running where it is."),
      FailureRule.of(NETWORK_NOT_PREPARED,
          "Can't (?:connect|bind) inet socket.*(?:Network is unreachable|Cannot assign requested address)",
          "The container's network connections could not be reopened on the destination: its network"
              + " there was empty (loopback down, no address) when the restore began.",
          "Let Ferry prepare the container's network on the destination before restoring (or give"
              + " CRIU an action script that brings it up in the setup-namespaces phase). If the"
              + " original was already stopped, restore it on the source from the same checkpoint."),
      FailureRule.of(STDIO_TO_HOST_FILE,
          "Can't lookup mount=\\d+ for fd=(\\d+) path=(\\S+)",
          "The container's input or output (descriptor {1}) is the host file {2}, outside the"
              + " container, and CRIU cannot take a host file along.",
          "Start the container with its output going to /dev/null, a pipe, or a file inside the"
              + " container, then migrate it. The container keeps running where it is."),
      FailureRule.of(NAME_IN_USE,
          "container with given ID already exists|is in use: container already exists",
          "A container with this name already exists on the destination.",
          "Remove the container of that name on the destination (often the leftover of an earlier"
              + " attempt), or restore under another name."),
      FailureRule.of(IMAGES_MISSING,
          // CRIU opens an image file that is not there as an "empty image", then fails reading it.
          "descriptors\\.json: no such file|No inventory\\.img|No cpuinfo image|Couldn't open image dir"
              + "|Unexpected EOF on \\(empty-image\\)"
              + "|Can't open dir .*No such file|level=error msg=\"open [^\"]*: no such file or directory",
          "The checkpoint files were not found where the restore looked for them.",
          "Check that copying the checkpoint to the destination finished and went to the right folder"
              + " (give the full path). A checkpoint made in several pre-copy rounds also needs the"
              + " folders of all earlier rounds."),
      FailureRule.of(CPU_INCOMPATIBLE,
          CpuCompatibility.MISMATCH_REGEX,
          "The destination's processor lacks features that the container's programs may use on the"
              + " source; moved there, they could crash.",
          "Choose a destination with the same or a newer processor of the same maker. With virtual"
              + " machines, give both hosts the same CPU model."),
      FailureRule.of(NETWORK_LOCK_MISSING,
          "Can't lock network|Locking network failed|execvp\\(\"ip6?tables-restore\""
              + "|built without libnftables support",
          "CRIU could not hold the container's network still during the checkpoint: the firewall tool"
              + " it uses for that (iptables or nftables) is missing or not working on this host.",
          "Install iptables on this host (apt-get install iptables), or set 'network-lock nftables'"
              + " in CRIU's configuration (CRIU 4.2.1 or newer). If iptables is installed, the kernel"
              + " may lack the xt_mark module. The container keeps running where it is."),
      FailureRule.of(ROOTFS_OUT_OF_SYNC,
          "File (\\S+) has bad (?:size|mode|build-ID)",
          "The file {1}, which the container had open, is different on the destination: the"
              + " container's files there are not the ones it was checkpointed with.",
          "Copy the container's files again after it was frozen (Ferry's final file sync), or use"
              + " shared storage, and make sure nothing else changes the destination's copy."),
      FailureRule.of(LAZY_PAGES_PIPE_LIMIT,
          "splice.*Bad file descriptor",
          "Memory pages could not be handed over after the container resumed: the host limits pipe"
              + " buffers below what CRIU needs for post-copy.",
          "An administrator can raise the limit on both hosts with: sysctl fs.pipe-max-size=4194304"
              + " (and keep it in /etc/sysctl.d). Or migrate without post-copy."));

  /**
   * Error lines that appear in healthy runs or only echo an earlier failure; never the cause.
   * RLIMIT_NOFILE: the sandbox's root lacks CAP_SYS_RESOURCE (field notes section 4). cgroupd and
   * "will retry": cleanup after a failed restore. kdat cache: harmless on a non-tmpfs /run.
   */
  static final Pattern NOISE = Pattern.compile(
      "rlimit: Can't setup RLIMIT_NOFILE|cgroupd: recv req error|Failed to remove cgroup \\(will retry\\)"
          + "|Can't keep kdat cache|Set CLONE_PARENT \\| CLONE_NEWPID|with interrupted system call");

  /** Lines that only say that something failed; the fallback uses them when nothing says why. */
  static final Pattern WRAP_UP = Pattern.compile(
      "Dumping FAILED|Restoring FAILED|Pre-dumping FAILED|criu failed: type|container still running"
          + "|exited, status=|Unable to open fd=|failed with -1");

  private FailureRules() {}
}
