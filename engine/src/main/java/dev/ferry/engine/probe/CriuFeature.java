package dev.ferry.engine.probe;

/**
 * The CRIU features that decide how a container can be migrated, each checked on the host with
 * {@code criu check --feature NAME} (the names are those listed by {@code criu check --help}). The
 * probe script receives these names as its arguments, so this list is the only one.
 */
public enum CriuFeature {
  /** Soft-dirty page tracking: iterative pre-copy (pre-dump rounds) needs it. */
  MEM_DIRTY_TRACK("mem_dirty_track"),
  /** userfaultfd: post-copy restores pages lazily through it. */
  UFFD("uffd"),
  /** Non-cooperative userfaultfd, so lazy pages survive fork, mremap and exit in the container. */
  UFFD_NONCOOP("uffd-noncoop"),
  /**
   * Repairing TCP connections that one side already closed. Repair of established connections is
   * part of the basic {@code criu check} (its required checks turn TCP_REPAIR on).
   */
  TCP_HALF_CLOSED("tcp_half_closed"),
  /** CRIU built with libnftables and a kernel with set concatenation: the nftables network lock. */
  NETWORK_LOCK_NFTABLES("network_lock_nftables");

  private final String criuName;

  CriuFeature(String criuName) {
    this.criuName = criuName;
  }

  /** The name {@code criu check --feature} knows it by. */
  public String criuName() {
    return criuName;
  }
}
