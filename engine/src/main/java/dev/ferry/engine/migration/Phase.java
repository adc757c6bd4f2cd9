package dev.ferry.engine.migration;

/**
 * The steps of a migration, in order (field notes §1). Phases marked frozen are the ones users feel:
 * their durations add up to the freeze time.
 */
public enum Phase {
  PREFLIGHT("pre-flight checks", false),
  LOCK("lock the container", false),
  PREPARE("prepare the hosts", false),
  SYNC_ROOTFS("copy the file system while running", false),
  PRE_DUMP("copy memory while running", false),
  /** The destination's queue for new connections, and the source's divert to it, set up for the freeze to start. */
  DIVERT("set up the hold of new connections", false),
  FREEZE_DUMP("freeze + dump", true),
  COPY_FS_DELTA("copy of disk changes after freeze", true),
  COPY_DUMP("copy dump", true),
  RESTORE("restore + resume", true),
  CONFIRM("confirm on the destination", false),
  /** Only after a failure while frozen: the held original resumed on the source; frozen until it runs. */
  ROLL_BACK("roll back: resume the original", true),
  HAND_OVER("record the decision on the source", false),
  RELEASE("let traffic reach the destination", false),
  LAZY_PAGES("memory follows on demand (post-copy)", false),
  CLEANUP("remove the original", false);

  private final String label;
  private final boolean frozen;

  Phase(String label, boolean frozen) {
    this.label = label;
    this.frozen = frozen;
  }

  public String label() {
    return label;
  }

  public boolean frozen() {
    return frozen;
  }
}
