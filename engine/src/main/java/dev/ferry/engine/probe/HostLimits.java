package dev.ferry.engine.probe;

import java.util.Optional;

/**
 * The figures a host is judged against, each with where it comes from. Kept in one place so that a
 * limit learnt from a new failure is changed once.
 */
public final class HostLimits {
  /**
   * Oldest CRIU that works on current kernels. Field notes §4, checked on kernel 6.18: 3.17.1 fails at
   * start ("vdso: Unexpected rt vDSO area bounds"), 4.1.1 cannot dump a process with a TCP socket
   * ("sockets: Can't get 1:16 opt"), 4.2 works.
   */
  public static final Version CRIU_MIN_VERSION = Version.of(4, 2);

  /**
   * First kernel on which older CRIU is not known to work. Field notes §9: Debian 12's CRIU 3.17.1
   * passes criu check and does pre-copy on Debian's own 6.1 kernel; §4: it fails on 6.18. Kernels in
   * between are untested, so they get the newer CRIU too.
   */
  public static final Version FIRST_KERNEL_NEEDING_CRIU_MIN = Version.of(6, 2);

  /**
   * Smallest fs.pipe-max-size with which lazy pages work. Field notes §4: below it restore fails with
   * "page-pipe: splice ... Bad file descriptor"; native/lab/prepare.sh sets the same figure.
   */
  public static final long MIN_PIPE_MAX_SIZE = 4L * 1024 * 1024;

  /**
   * Free space below which a host cannot take part in a migration at all. The containers measured in
   * field notes §6 (up to 256 MB of memory, a 2 MB busybox image) need their files plus a checkpoint
   * about the size of their memory; 1 GiB leaves room for that and for the host's own logs.
   */
  public static final long MIN_FREE_DISK_BYTES = 1024L * 1024 * 1024;

  private HostLimits() {}

  /**
   * Whether a host's CRIU is known not to work with its kernel: older than {@link #CRIU_MIN_VERSION}
   * on {@link #FIRST_KERNEL_NEEDING_CRIU_MIN} or later. Unknown versions are not judged here.
   */
  public static boolean criuTooOldForKernel(HostFacts facts) {
    Optional<Version> criu = facts.criu().parsedVersion();
    Optional<Version> kernel = facts.kernelVersion();
    return criu.isPresent() && kernel.isPresent() && !criu.get().isAtLeast(CRIU_MIN_VERSION)
        && kernel.get().isAtLeast(FIRST_KERNEL_NEEDING_CRIU_MIN);
  }

  /** The oldest CRIU that works everywhere, as people write it: "4.2", or "4.2.1" when the patch matters. */
  public static String criuMinimum() {
    Version v = CRIU_MIN_VERSION;
    return v.patch() == 0 ? v.major() + "." + v.minor() : v.toString();
  }
}
