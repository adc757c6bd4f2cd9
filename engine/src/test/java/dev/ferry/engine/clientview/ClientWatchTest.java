package dev.ferry.engine.clientview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.migration.ClientGap;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientWatchTest {
  @Test
  void addressAndPortAreReadAsTypedAndBadOnesSayWhatToType() {
    assertThat(ClientWatch.parse(" 10.87.100.10:7000 ", "ferry-b")).isEqualTo(new ClientWatch("ferry-b", "10.87.100.10", 7000));
    assertThatThrownBy(() -> ClientWatch.parse("10.87.100.10", "b")).hasMessageContaining("is not ADDRESS:PORT");
    assertThatThrownBy(() -> ClientWatch.parse("10.87.100.10:http", "b")).hasMessageContaining("not a port number");
    assertThatThrownBy(() -> ClientWatch.parse("10.87.100.10:70000", "b")).hasMessageContaining("use 1-65535");
    assertThatThrownBy(() -> ClientWatch.parse("$(reboot):80", "b")).hasMessageContaining("is not an address");
    assertThat(ClientWatch.parse("10.87.100.10:7000", "ferry-b", "/var/lib/ferry-lab/ferry/router-netns").netns())
        .isEqualTo("/var/lib/ferry-lab/ferry/router-netns");
    assertThatThrownBy(() -> ClientWatch.parse("10.87.100.10:7000", "b", "router; reboot")).hasMessageContaining("not a network namespace path");
  }

  @Test
  void theGapIsTheLongestTimeBetweenAnswersCountedFromTheStart() {
    assertThat(ClientProbe.longestGap(1000, List.of(1010L, 1030L, 1650L, 1670L))).isEqualTo(620);
    assertThat(ClientProbe.longestGap(1000, List.of(1900L))).as("a slow first answer counts").isEqualTo(900);
    assertThat(ClientProbe.longestGap(1000, List.of())).isZero();
  }

  @Test
  void aReportWithAClientGapSurvivesJsonAndAnOldReportWithoutOneReadsAsNone() throws Exception {
    String json = "{\"id\":\"m1\",\"container\":\"counter\",\"source\":\"a\",\"destination\":\"b\",\"outcome\":\"MIGRATED\",\"dryRun\":false,"
        + "\"totalMillis\":5,\"phases\":[],\"rounds\":[],\"checks\":[],\"notes\":[]}";
    MigrationReport old = Json.MAPPER.readValue(json, MigrationReport.class);
    assertThat(old.clientGap()).isNull();
    MigrationReport watched = old.withClientGap(new ClientGap("ferry-b", "10.87.100.10", 7000, 612, 300, 290, ""));
    MigrationReport back = Json.MAPPER.readValue(Json.write(watched), MigrationReport.class);
    assertThat(back.clientGap()).isEqualTo(watched.clientGap());
    assertThat(back.clientGap().measured()).isTrue();
  }
}
