package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.ScriptedHost;
import dev.ferry.engine.ssh.SshException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** CRIU's statistics decorate a report: whatever goes wrong fetching them costs the figures, never the report. */
class CriuStatsReaderTest {

  @Test
  void aHostOutOfReachGivesNoStatisticsInsteadOfAnError() {
    RemoteHost cut = host(c -> {
      throw new SshException("could not start 'base64 -w0' on ferry-a: session is down");
    });

    assertThat(CriuStatsReader.dump(cut, "/var/lib/ferry/work/m1/dump/stats-dump")).isEmpty();
    assertThat(CriuStatsReader.restore(cut, "/var/lib/ferry/work/m1/restore/stats-restore")).isEmpty();
  }

  @Test
  void aMissingOrGarbledFileGivesNoStatistics() {
    assertThat(CriuStatsReader.dump(host(c -> new ExecResult(1, "", "base64: No such file or directory")), "/x")).isEmpty();
    assertThat(CriuStatsReader.dump(host(c -> new ExecResult(0, "not base64 !!", "")), "/x")).isEmpty();
  }

  private static RemoteHost host(Function<Command, ExecResult> answer) {
    return new ScriptedHost("ferry-a", answer);
  }
}
