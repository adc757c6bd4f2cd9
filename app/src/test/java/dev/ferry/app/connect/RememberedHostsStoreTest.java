package dev.ferry.app.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
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
  void aDamagedFileIsReportedWithWhatToDo() throws Exception {
    RememberedHostsStore store = new RememberedHostsStore(dir);
    Files.writeString(store.file(), "{ not json");
    assertThatThrownBy(store::load).isInstanceOf(UncheckedIOException.class).hasMessageContaining("Fix or delete the file");
  }
}
