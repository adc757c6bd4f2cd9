package dev.ferry.engine.criu;

/**
 * What to do after a pre-copy round: copy memory once more while the container runs, or stop and
 * make the final dump. The reason is a sentence for the migration log and the UI, naming the
 * number that decided, such as "round 3 wrote 41 pages (<= 64): memory has converged".
 */
public record PreCopyDecision(Verdict verdict, String reason) {

  public enum Verdict { CONTINUE, STOP }

  static PreCopyDecision stop(String reason) {
    return new PreCopyDecision(Verdict.STOP, reason);
  }

  static PreCopyDecision proceed(String reason) {
    return new PreCopyDecision(Verdict.CONTINUE, reason);
  }

  public boolean shouldStop() {
    return verdict == Verdict.STOP;
  }
}
