package dev.ferry.app.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectViewModelTest {
  private final Map<Path, KeyFileCheck.Status> disk = new HashMap<>();
  private final ConnectViewModel vm = new ConnectViewModel(new CurrentThreadTaskExecutor(),
      f -> disk.getOrDefault(f, KeyFileCheck.Status.MISSING), List.of("ferry-a", "ferry-b"));

  @Test
  void anEmptyAddressIsRefusedWithWhatToEnter() {
    assertThat(vm.addressError().get()).isEqualTo("Enter a host name or an IP address.");
    assertThat(vm.valid().get()).isFalse();
  }

  @Test
  void aValidAddressUserAndPortMakeTheFormValidAndGiveTheHost() {
    vm.address().set("build-01.example.org");
    vm.user().set("deploy");
    vm.port().set("2222");
    assertThat(vm.addressError().get()).isEmpty();
    assertThat(vm.valid().get()).isTrue();
    assertThat(vm.result()).hasValue(HostSpec.typed("build-01.example.org", "deploy", 2222, ""));
  }

  @Test
  void everyHostNameRuleSaysWhatIsWrong() {
    assertThat(ConnectValidation.address("my host")).isEqualTo("A host name has no spaces.");
    assertThat(ConnectValidation.address("bad_host")).isEqualTo("A host name has only letters, digits, '-' and '.' (not '_').");
    assertThat(ConnectValidation.address("-web.example.org")).isEqualTo("A part of a host name cannot start or end with '-'.");
    assertThat(ConnectValidation.address("web..example.org")).isEqualTo("A host name has no empty part between dots.");
    assertThat(ConnectValidation.address("a".repeat(64) + ".org")).contains("at most 63 characters");
    assertThat(ConnectValidation.address("a.".repeat(130))).contains("at most 253 characters");
    assertThat(ConnectValidation.address("10.0.0.300")).contains("each of its four numbers is 0 to 255");
    assertThat(ConnectValidation.address("host:22")).contains("put the port in the Port field");
    assertThat(ConnectValidation.address("10.87.0.11")).isEmpty();
    assertThat(ConnectValidation.address("fe80::1")).isEmpty();
    assertThat(ConnectValidation.address("localhost")).isEmpty();
  }

  @Test
  void portMustBeANumberFrom1To65535() {
    vm.port().set("");
    assertThat(vm.portError().get()).isEqualTo("Enter a port (SSH's usual one is 22).");
    vm.port().set("ssh");
    assertThat(vm.portError().get()).isEqualTo("The port is a number, 1 to 65535.");
    vm.port().set("0");
    assertThat(vm.portError().get()).isEqualTo("The port must be between 1 and 65535.");
    vm.port().set("65536");
    assertThat(vm.portError().get()).isEqualTo("The port must be between 1 and 65535.");
    vm.port().set("99999999999");
    assertThat(vm.portError().get()).isEqualTo("The port must be between 1 and 65535.");
    vm.port().set("65535");
    assertThat(vm.portError().get()).isEmpty();
  }

  @Test
  void userNamesFollowTheLinuxRules() {
    vm.user().set("");
    assertThat(vm.userError().get()).isEqualTo("Enter the user to log in as.");
    vm.user().set("9lives");
    assertThat(vm.userError().get()).startsWith("A user name starts with a letter or '_'");
    vm.user().set("x".repeat(33));
    assertThat(vm.userError().get()).isEqualTo("A user name is at most 32 characters.");
    vm.user().set("_svc.deploy-1");
    assertThat(vm.userError().get()).isEmpty();
  }

  @Test
  void theKeyFileMustExistBeAFileBeReadableAndBeThePrivateHalf() {
    Path home = Path.of(System.getProperty("user.home"));
    vm.keyFile().set("~/.ssh/nothing");
    assertThat(vm.keyError().get()).isEqualTo("There is no file at ~/.ssh/nothing.");
    disk.put(Path.of("/etc/ssh"), KeyFileCheck.Status.FOLDER);
    vm.keyFile().set("/etc/ssh");
    assertThat(vm.keyError().get()).isEqualTo("/etc/ssh is a folder, not a key file.");
    disk.put(Path.of("/root/locked"), KeyFileCheck.Status.UNREADABLE);
    vm.keyFile().set("/root/locked");
    assertThat(vm.keyError().get()).isEqualTo("/root/locked cannot be read by this user; check its permissions.");
    vm.keyFile().set("~/.ssh/id_ed25519.pub");
    assertThat(vm.keyError().get()).startsWith("That is the public key");
    disk.put(home.resolve(".ssh/id_ed25519"), KeyFileCheck.Status.OK);
    vm.keyFile().set("~/.ssh/id_ed25519");
    assertThat(vm.keyError().get()).isEmpty();
    vm.keyFile().set("");
    assertThat(vm.keyError().get()).isEmpty();
  }

  @Test
  void aWrongKeyFileKeepsTheFormInvalid() {
    vm.address().set("10.0.0.5");
    vm.keyFile().set("/no/such/key");
    assertThat(vm.valid().get()).isFalse();
    assertThat(vm.result()).isEmpty();
  }

  @Test
  void pickingAConfiguredHostNeedsNoTypingAndIgnoresTheFields() {
    assertThat(vm.choices()).containsExactly("ferry-a", "ferry-b");
    vm.port().set("not a port");
    vm.picked().set("ferry-b");
    assertThat(vm.typing().get()).isFalse();
    assertThat(vm.valid().get()).isTrue();
    assertThat(vm.result()).hasValue(HostSpec.configured("ferry-b"));
    vm.picked().set("");
    assertThat(vm.valid().get()).isFalse();
  }
}
