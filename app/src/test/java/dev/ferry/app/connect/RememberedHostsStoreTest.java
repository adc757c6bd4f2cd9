package dev.ferry.app.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedHostsStoreTest {
  @TempDir
  Path dir;

  @Test
  void hostsSurviveARoundTripInTheOrderTheyWereAdded() {
    RememberedHostsStore store = new RememberedHostsStore(dir.resolve("ferry"));
    assertThat(store.load()).isEmpty();
    store.remember(HostSpec.configured("ferry-a"));
    store.remember(HostSpec.typed("10.0.0.5", "deploy", 2222, "/home/me/.ssh/id_ed25519"));
    assertThat(new RememberedHostsStore(dir.resolve("ferry")).load()).containsExactly(HostSpec.configured("ferry-a"),
        HostSpec.typed("10.0.0.5", "deploy", 2222, "/home/me/.ssh/id_ed25519"));
  }

  @Test
  void rememberingAHostAgainReplacesItInsteadOfAddingADuplicate() {
    RememberedHostsStore store = new RememberedHostsStore(dir);
    store.remember(HostSpec.configured("ferry-a"));
    store.remember(HostSpec.configured("ferry-b"));
    store.remember(HostSpec.configured("ferry-a"));
    assertThat(store.load()).extracting(HostSpec::name).containsExactly("ferry-b", "ferry-a");
  }

  @Test
  void theFileHoldsNoSecretFieldAtAll() throws Exception {
    RememberedHostsStore store = new RememberedHostsStore(dir);
    store.remember(HostSpec.typed("10.0.0.5", "deploy", 22, "/k"));
    String json = Files.readString(store.file());
    assertThat(json).contains("\"address\" : \"10.0.0.5\"").doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("passphrase");
  }

  @Test
  void aDamagedFileIsSetAsideWithANoticeNamingItAndTheHostsStartEmpty() throws Exception {
    Clock at = Clock.fixed(Instant.parse("2026-12-02T19:30:05Z"), ZoneOffset.UTC);
    RememberedHostsStore store = new RememberedHostsStore(dir, at);
    Files.writeString(store.file(), "{ not json");

    var read = store.read();

    assertThat(read.value()).isEmpty();
    assertThat(read.notice()).hasValueSatisfying(n -> assertThat(n).startsWith(store.file() + " could not be read (")
        .endsWith("it was set aside as hosts.json.corrupt-20261202-193005 and Ferry starts with no remembered hosts."));
    assertThat(dir.resolve("hosts.json.corrupt-20261202-193005")).hasContent("{ not json");
    assertThat(store.file()).doesNotExist();
    store.remember(HostSpec.configured("ferry-a"));
    assertThat(store.read().notice()).isEmpty();
    assertThat(store.load()).extracting(HostSpec::name).containsExactly("ferry-a");
  }

  @Test
  void aSecondDamagedFileInTheSameSecondDoesNotOverwriteTheFirstOneSetAside() throws Exception {
    Clock at = Clock.fixed(Instant.parse("2026-12-02T19:30:05Z"), ZoneOffset.UTC);
    RememberedHostsStore store = new RememberedHostsStore(dir, at);
    Files.writeString(store.file(), "first");
    store.read();
    Files.writeString(store.file(), "second");
    assertThat(store.read().notice()).hasValueSatisfying(n -> assertThat(n).contains("hosts.json.corrupt-20261202-193005-2"));
    assertThat(dir.resolve("hosts.json.corrupt-20261202-193005")).hasContent("first");
  }
}
