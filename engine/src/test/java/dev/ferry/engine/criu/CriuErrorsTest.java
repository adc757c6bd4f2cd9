package dev.ferry.engine.criu;

import static dev.ferry.engine.criu.CriuFailure.Kind.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CriuErrorsTest {

  private static CriuFailure recorded(String stem, String logSuffix) {
    return CriuErrors.explain(Recorded.text(stem + ".runc-stderr.txt"), Recorded.text(stem + logSuffix));
  }

  // ---- recorded on this machine (CRIU 4.2.1, runc 1.1.5) ----

  @Test
  void hostFileAsStdoutIsExplainedWithThePathNotAsTheOpaqueNotifyError() {
    CriuFailure f = recorded("dump-hostfile-stdout", ".dump.log");

    assertThat(f.kind()).isEqualTo(STDIO_TO_HOST_FILE);
    assertThat(f.summary()).contains("descriptor 1").contains("/tmp/ferry-criu-rec/hostfile-out.txt")
        .doesNotContain("NOTIFY");
    assertThat(f.advice()).contains("/dev/null");
    assertThat(f.logExcerpt()).contains("Can't lookup mount=27 for fd=1");
  }

  @Test
  void runcNamesTheCriuLogToFetch() {
    assertThat(CriuErrors.logFileNamedIn(Recorded.text("dump-hostfile-stdout.runc-stderr.txt")))
        .hasValue("/tmp/ferry-criu-rec/work-f/dump.log");
    assertThat(CriuErrors.logFileNamedIn(Recorded.text("restore-tcp-empty-netns.runc-stderr.txt")))
        .hasValue("/tmp/ferry-criu-rec/work-t/restore.log");
    assertThat(CriuErrors.logFileNamedIn(Recorded.text("restore-name-exists.runc-stderr.txt"))).isEmpty();
  }

  @Test
  void missingIptablesIsANetworkLockProblemNotTheRlimitLineBeforeIt() {
    CriuFailure f = recorded("dump-no-iptables", ".dump.log");

    assertThat(f.kind()).isEqualTo(NETWORK_LOCK_MISSING);
    assertThat(f.advice()).contains("apt-get install iptables").contains("network-lock nftables");
    assertThat(f.logExcerpt()).contains("execvp(\"iptables-restore\", ...) failed");
  }

  @Test
  void liveConnectionsWithoutTcpEstablishedAskForTheFlag() {
    CriuFailure f = recorded("dump-tcp-without-flag", ".dump.log");

    assertThat(f.kind()).isEqualTo(TCP_NEEDS_ESTABLISHED);
    assertThat(f.advice()).contains("--tcp-established");
  }

  @Test
  void tcpRestoreIntoAnEmptyNetworkNamespaceSaysTheNetworkWasNotPrepared() {
    CriuFailure f = recorded("restore-tcp-empty-netns", ".restore.log");

    assertThat(f.kind()).isEqualTo(NETWORK_NOT_PREPARED);
    assertThat(f.advice()).contains("restore it on the source");
    assertThat(f.logExcerpt()).contains("Can't connect inet socket back: Network is unreachable");
  }

  @Test
  void changedOpenFileOnTheDestinationNamesTheFile() {
    CriuFailure f = recorded("restore-file-bad-size", ".restore.log");

    assertThat(f.kind()).isEqualTo(ROOTFS_OUT_OF_SYNC);
    assertThat(f.summary()).contains("data/held");
    assertThat(f.logExcerpt()).contains("File data/held has bad size 29 (expect 6)");
  }

  @Test
  void emptyImageDirectoryIsMissingImages() {
    CriuFailure f = recorded("restore-images-missing", ".restore.log");

    assertThat(f.kind()).isEqualTo(IMAGES_MISSING);
    assertThat(f.logExcerpt()).contains("Unexpected EOF on (empty-image)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"restore-missing-image-dir.runc-stderr.txt", "restore-missing-image-dir-abs.runc-stderr.txt",
      "criu-restore-missing-dir.out.txt"})
  void missingImageDirectoryIsMissingImages(String recording) {
    CriuFailure f = CriuErrors.explain(Recorded.text(recording));

    assertThat(f.kind()).isEqualTo(IMAGES_MISSING);
    assertThat(f.advice()).contains("full path");
  }

  @Test
  void nameTakenOnTheDestination() {
    CriuFailure f = CriuErrors.explain(Recorded.text("restore-name-exists.runc-stderr.txt"));

    assertThat(f.kind()).isEqualTo(NAME_IN_USE);
    assertThat(f.logExcerpt()).contains("container with given ID already exists");
  }

  @Test
  void preDumpThroughRuncWithoutSoftDirtyIsAMissingFeature() {
    CriuFailure f = CriuErrors.explain(Recorded.text("predump-no-soft-dirty.runc-stderr.txt"));

    // runc says the same for missing userfaultfd, so the advice covers both.
    assertThat(f.kind()).isEqualTo(CRIU_FEATURE_MISSING);
    assertThat(f.advice()).contains("mem_dirty_track").contains("uffd-noncoop");
  }

  @Test
  void rawCriuPreDumpAbortsOnABugWhichMeansNoSoftDirty() {
    CriuFailure f = CriuErrors.explain("", Recorded.text("criu-predump-no-soft-dirty.pre-dump.log"));

    assertThat(f.kind()).isEqualTo(PRE_COPY_UNSUPPORTED);
    assertThat(f.logExcerpt()).contains("BUG at criu/mem.c:46");
  }

  @Test
  void criuCheckWarningAboutDirtyTrackingMeansNoPreCopy() {
    CriuFailure f = CriuErrors.explain(Recorded.text("check-mem-dirty-track.stderr.txt"));

    assertThat(f.kind()).isEqualTo(PRE_COPY_UNSUPPORTED);
    assertThat(f.advice()).contains("CONFIG_MEM_SOFT_DIRTY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dump-hostfile-stdout.dump.log", "dump-no-iptables.dump.log", "dump-tcp-without-flag.dump.log",
      "restore-file-bad-size.restore.log", "restore-tcp-empty-netns.restore.log", "restore-images-missing.restore.log",
      "criu-predump-no-soft-dirty.pre-dump.log", "runc-checkpoint.dump.log"})
  void rlimitNoiseIsNeverTheReportedCause(String log) {
    assertThat(Recorded.text(log)).as("the recording has the noise").contains("Can't setup RLIMIT_NOFILE");

    CriuFailure f = CriuErrors.explain("", Recorded.text(log));

    assertThat(f.summary()).doesNotContainIgnoringCase("rlimit");
    assertThat(f.logExcerpt().lines().count()).isLessThanOrEqualTo(20);
  }

  @Test
  void logOfASuccessfulDumpHasNoCauseToReport() {
    CriuFailure f = CriuErrors.explain("", Recorded.text("runc-checkpoint.dump.log"));

    assertThat(f.kind()).isEqualTo(UNKNOWN);
    assertThat(f.summary()).isEqualTo("CRIU failed without saying why.");
    assertThat(f.logExcerpt()).contains("Dumping finished successfully");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpuinfo-check-xsave-mismatch.out.txt", "cpuinfo-check-ins-mismatch.out.txt"})
  void recordedCpuCheckFailuresAreCpuIncompatibility(String recording) {
    CriuFailure f = CriuErrors.explain(Recorded.text(recording));

    assertThat(f.kind()).isEqualTo(CPU_INCOMPATIBLE);
    assertThat(f.advice()).contains("same or a newer processor");
  }

  // ---- quoted from field notes sections 4 and 9, or built from CRIU 4.2.1's format strings ----

  @Test
  void oldCriuOnANewKernelIsTooOld() {
    // Field notes section 4: Debian 12's criu 3.17.1 on kernel 6.18.
    CriuFailure f = CriuErrors.explain("Error (criu/vdso.c:401): vdso: Unexpected rt vDSO area bounds");

    assertThat(f.kind()).isEqualTo(CRIU_TOO_OLD_FOR_KERNEL);
    assertThat(f.advice()).contains("CRIU 4.2");
  }

  @Test
  void criu41SocketOptionBugAsksForANewerCriu() {
    // Field notes section 4: CRIU 4.1.1 and any TCP/IP socket.
    CriuFailure f = CriuErrors.explain("(00.112233) Error (criu/sockets.c:640): sockets: Can't get 1:16 opt");

    assertThat(f.kind()).isEqualTo(CRIU_TOO_OLD_FOR_SOCKETS);
    assertThat(f.advice()).contains("4.2");
  }

  @Test
  void lazyPagesSpliceFailurePointsAtThePipeSizeLimit() {
    // Field notes section 4; the line follows page-pipe.c's pr_perror("splice: %zd").
    CriuFailure f = CriuErrors.explain("(01.000000) Error (criu/page-pipe.c:424): page-pipe: splice: -1: Bad file descriptor");

    assertThat(f.kind()).isEqualTo(LAZY_PAGES_PIPE_LIMIT);
    assertThat(f.advice()).contains("fs.pipe-max-size=4194304");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Error (criu/arch/x86/cpu.c:247): cpu: FPU feature required by image is not supported on host (fpu:0 fxsr:0 osxsave:0 xsaves:1)",
      "Error (criu/arch/x86/cpu.c:274): cpu: CPU xsave size mismatch (11072/11008)",
      "Error (criu/arch/x86/cpu.c:223): cpu: CPU instruction capabilities do not match run time"})
  void cpuMismatchesAreCpuIncompatibility(String line) {
    assertThat(CriuErrors.explain(line).kind()).isEqualTo(CPU_INCOMPATIBLE);
  }

  @Test
  void networkLockFailureWordedAsCriuDoesWithoutIptablesDetail() {
    assertThat(CriuErrors.explain("Error (criu/net.c:3000): Can't lock network").kind()).isEqualTo(NETWORK_LOCK_MISSING);
  }

  @Test
  void missingUserfaultfdIsNoPostCopy() {
    CriuFailure f = CriuErrors.explain("Error (criu/uffd.c:314): uffd: Unable to open an userfaultfd descriptor: Function not implemented");

    assertThat(f.kind()).isEqualTo(POST_COPY_UNSUPPORTED);
  }

  // ---- the fallback ----

  @Test
  void unknownFailureQuotesTheFirstRealErrorLineWithoutCriuFraming() {
    String log = String.join("\n",
        "(00.000110) Version: 4.2.1 (gitid 0)",
        "(00.031058) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted",
        "(00.100000) Dumping something",
        "(00.120000)      5: Error (criu/fsnotify.c:300): fsnotify: Can't handle an odd watch on /weird",
        "(00.130000) Error (criu/cr-dump.c:1975): Dumping FAILED.");

    CriuFailure f = CriuErrors.explain("level=error msg=\"criu failed: type NOTIFY errno 0\"", log);

    assertThat(f.kind()).isEqualTo(UNKNOWN);
    assertThat(f.summary()).endsWith(": fsnotify: Can't handle an odd watch on /weird");
    assertThat(f.logExcerpt()).contains("Version: 4.2.1").contains("Dumping FAILED.");
  }

  @Test
  void whenOnlyTheRuntimeSpeaksItsMessageIsQuotedUnescaped() {
    CriuFailure f = CriuErrors.explain(
        "time=\"2026-11-23T16:28:14Z\" level=error msg=\"criu failed: type DUMP errno 0\\nlog file: /w/dump.log\"");

    assertThat(f.kind()).isEqualTo(UNKNOWN);
    assertThat(f.summary()).endsWith(": criu failed: type DUMP errno 0");
  }

  @Test
  void nothingAtAllStillGivesAnAnswer() {
    CriuFailure f = CriuErrors.explain(null, null);

    assertThat(f.kind()).isEqualTo(UNKNOWN);
    assertThat(f.summary()).isNotBlank();
    assertThat(f.logExcerpt()).isEmpty();
  }

  @Test
  void routineLogLinesThatMentionAFeatureAreNotEvidence() {
    // Timestamped info lines are CRIU's chatter; only Error/Warn/BUG lines can prove a cause.
    String log = String.join("\n", "(00.003382) Reset 18186's dirty tracking",
        "(00.010000) Found userfaultfd support: mem_dirty_track soft-dirty",
        "(00.020000) Error (criu/files-reg.c:2175): File etc/hosts has bad size 10 (expect 9)");

    CriuFailure f = CriuErrors.explain("", log);

    assertThat(f.kind()).isEqualTo(ROOTFS_OUT_OF_SYNC);
    assertThat(f.summary()).contains("etc/hosts");
  }

  @Test
  void excerptIsCenteredOnTheEvidenceAndShortenedLinesStayReadable() {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("(00.0000" + i + ") line " + i + " " + "x".repeat(i == 50 ? 1000 : 3));
    }
    lines.set(60, "(00.060000) Error (criu/sk-inet.c:200): inet: Connected TCP socket, consider using --tcp-established option.");

    String excerpt = CriuErrors.explain("", String.join("\n", lines)).logExcerpt();

    assertThat(excerpt.lines().toList()).hasSize(20).first().asString().contains("line 45 ");
    assertThat(excerpt).contains("line 64 ").doesNotContain("line 65 ");
    assertThat(excerpt.lines().filter(l -> l.contains("line 50 ")).findFirst().orElseThrow()).hasSize(403);
  }
}
