package dev.ferry.engine.criu;

/**
 * A failed checkpoint or restore, said in plain words: what went wrong ({@code summary}), what the
 * user can do about it ({@code advice}), and the lines of CRIU's or the runtime's output that show
 * it ({@code logExcerpt}) for anyone who wants to look closer or ask for help. {@code kind} lets the
 * engine react (fall back to stop-and-copy, keep the source, retry) without reading the text.
 */
public record CriuFailure(String summary, String advice, String logExcerpt, Kind kind) {

  /** The failures Ferry recognises, each with its own advice; {@link #UNKNOWN} for the rest. */
  public enum Kind {
    /** No soft-dirty memory tracking in the kernel: iterative pre-copy cannot run. */
    PRE_COPY_UNSUPPORTED,
    /** No usable userfaultfd: post-copy (lazy pages) cannot run. */
    POST_COPY_UNSUPPORTED,
    /** runc's "CRIU is missing features": one of the two above, runc does not say which. */
    CRIU_FEATURE_MISSING,
    /** CRIU older than the kernel's vDSO layout; fails before touching anything. */
    CRIU_TOO_OLD_FOR_KERNEL,
    /** CRIU older than the kernel's socket options; cannot dump any TCP/IP socket. */
    CRIU_TOO_OLD_FOR_SOCKETS,
    /** Live TCP connections, but the dump was not asked to keep them. */
    TCP_NEEDS_ESTABLISHED,
    /** Sockets could not reconnect: the container's network on the destination is not set up. */
    NETWORK_NOT_PREPARED,
    /** A container's stdin, stdout or stderr is a file outside the container. */
    STDIO_TO_HOST_FILE,
    /** The destination already has a container of that name. */
    NAME_IN_USE,
    /** The checkpoint images are not where the restore looked. */
    IMAGES_MISSING,
    /** The destination CPU lacks features the source's processes may use. */
    CPU_INCOMPATIBLE,
    /** No firewall tool to lock the network with during the dump. */
    NETWORK_LOCK_MISSING,
    /** An open file differs between the checkpoint and the destination's file system. */
    ROOTFS_OUT_OF_SYNC,
    /** Post-copy page transfer hit the host's pipe size limit. */
    LAZY_PAGES_PIPE_LIMIT,
    /** Nothing Ferry recognises; the summary quotes the first real error line. */
    UNKNOWN
  }
}
