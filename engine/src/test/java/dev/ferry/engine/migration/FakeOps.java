package dev.ferry.engine.migration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A migration's steps with no host behind them: records every call in order, fails the phase it is
 * told to, and answers the decision questions from a script (a decision, or "unclear").
 */
final class FakeOps implements MigrationOps {
  final List<String> calls = new ArrayList<>();
  final Deque<Object> destinationAnswers = new ArrayDeque<>();
  final Deque<Object> sourceAnswers = new ArrayDeque<>();
  Strategy strategy;
  Strategy strategyAfterPrepare;
  Phase failing;
  boolean failingUndo;
  boolean journal;
  /** What {@link #fsDeltaWithDump} says once prepared (the direct path's copy alongside the dump). */
  boolean fsDeltaWithDumpAfterPrepare;
  private boolean prepared;
  /** What the source's journal holds: a claim only lands when none exists. */
  Decision recorded = Decision.NONE;

  FakeOps(Strategy strategy) {
    this.strategy = strategy;
  }

  private long step(Phase p, String name) {
    calls.add(name);
    if (p == failing) {
      throw new MigrationException(name + " failed", "fake");
    }
    return 1;
  }

  private void undoStep(String name) {
    calls.add("undo:" + name);
    if (failingUndo) {
      throw new MigrationException("undo " + name + " failed", "fake");
    }
  }

  @Override
  public Strategy strategy() {
    return strategy;
  }

  @Override
  public long lock() {
    long r = step(Phase.LOCK, "lock");
    journal = true;
    return r;
  }

  @Override
  public void unlock() {
    undoStep("unlock");
  }

  @Override
  public long prepare() {
    long r = step(Phase.PREPARE, "prepare");
    if (strategyAfterPrepare != null) {
      strategy = strategyAfterPrepare;
    }
    prepared = true;
    return r;
  }

  @Override
  public boolean fsDeltaWithDump() {
    return prepared && fsDeltaWithDumpAfterPrepare;
  }

  @Override
  public void unprepare() {
    undoStep("unprepare");
  }

  @Override
  public long syncRootfs() {
    return step(Phase.SYNC_ROOTFS, "syncRootfs");
  }

  @Override
  public long preCopy() {
    return step(Phase.PRE_DUMP, "preCopy");
  }

  @Override
  public boolean movesTraffic() {
    return false;
  }

  @Override
  public long divert() {
    return step(Phase.DIVERT, "divert");
  }

  @Override
  public void undivert() {
    calls.add("undivert");
  }

  @Override
  public long freezeDump() {
    return step(Phase.FREEZE_DUMP, "freezeDump");
  }

  @Override
  public void resumeSource() {
    undoStep("resumeSource");
  }

  @Override
  public long copyFsDelta() {
    return step(Phase.COPY_FS_DELTA, "copyFsDelta");
  }

  @Override
  public long copyDump() {
    return step(Phase.COPY_DUMP, "copyDump");
  }

  @Override
  public long restore() {
    return step(Phase.RESTORE, "restore");
  }

  @Override
  public void removeFromDestination() {
    undoStep("removeFromDestination");
  }

  @Override
  public long confirm() {
    return step(Phase.CONFIRM, "confirm");
  }

  @Override
  public boolean journalStarted() {
    return journal;
  }

  @Override
  public Decision claimDestination() {
    calls.add("claimDestination");
    return answer(destinationAnswers, Decision.DESTINATION);
  }

  @Override
  public Decision claimSource() {
    calls.add("claimSource");
    return answer(sourceAnswers, Decision.SOURCE);
  }

  private Decision answer(Deque<Object> script, Decision want) {
    Object a = script.isEmpty() ? "claim" : script.poll();
    if (a instanceof String s && s.equals("unclear")) {
      throw new Decision.Unclear("fake: no answer");
    }
    if (a instanceof String s && s.equals("lands-unclear")) {
      // The claim is written on the source, but its answer is lost on the way back.
      if (recorded == Decision.NONE) {
        recorded = want;
      }
      throw new Decision.Unclear("fake: answer lost");
    }
    if (a instanceof Decision d) {
      recorded = d;
      return d;
    }
    if (recorded == Decision.NONE) {
      recorded = want;
    }
    return recorded;
  }

  @Override
  public long releaseDestination() {
    return step(Phase.RELEASE, "releaseDestination");
  }

  @Override
  public long lazyPages() {
    return step(Phase.LAZY_PAGES, "lazyPages");
  }

  @Override
  public long cleanup() {
    return step(Phase.CLEANUP, "cleanup");
  }

  @Override
  public String leftovers(Phase failed) {
    calls.add("leftovers");
    return "the paused original";
  }

  @Override
  public void abandon() {
    calls.add("abandon");
  }

  @Override
  public void finish(boolean resolved) {
    calls.add("finish:" + resolved);
  }

  List<String> undos() {
    return calls.stream().filter(c -> c.startsWith("undo:")).toList();
  }
}
