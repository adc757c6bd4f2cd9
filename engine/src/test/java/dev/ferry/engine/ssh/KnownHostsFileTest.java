package dev.ferry.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * known_hosts as OpenSSH writes and reads it: real keys from ssh-keygen, entries hashed by
 * {@code ssh-keygen -H}, and what Ferry appends found again by {@code ssh-keygen -F}.
 */
class KnownHostsFileTest {
  private static final String HOST = "[127.0.0.1]:2221";

  @TempDir
  static Path keys;

  @TempDir
  Path dir;

  private static HostKeyInfo ed25519;
  private static HostKeyInfo otherEd25519;
  private static HostKeyInfo ecdsa;

  @BeforeAll
  static void makeKeys() throws Exception {
    ed25519 = key("ed25519", "a");
    otherEd25519 = key("ed25519", "b");
    ecdsa = key("ecdsa", "c");
  }

  private static HostKeyInfo key(String type, String name) throws Exception {
    Path file = keys.resolve(name);
    run("ssh-keygen", "-q", "-t", type, "-N", "", "-f", file.toString());
    String[] pub = Files.readString(Path.of(file + ".pub")).split(" ");
    return HostKeyInfo.of(HOST, Base64.getDecoder().decode(pub[1]));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private KnownHostsFile file(String... lines) throws Exception {
    Path f = dir.resolve("known_hosts");
    Files.write(f, List.of(lines));
    return new KnownHostsFile(f);
  }

  private static String line(String hosts, HostKeyInfo k) {
    return hosts + " " + k.type() + " " + k.base64();
  }

  @Test
  void aRememberedKeyIsKnownAndAnotherOfTheSameTypeHasChanged() throws Exception {
    KnownHostsFile f = file("# a comment", line(HOST, ed25519));
    assertThat(f.check(ed25519)).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.check(otherEd25519)).isEqualTo(KnownHostsFile.Match.CHANGED);
  }

  @Test
  void aKeyOfAnotherTypeThanTheRememberedOneIsOtherTypeNotUnknown() throws Exception {
    KnownHostsFile f = file(line(HOST, ed25519));
    assertThat(f.check(ecdsa)).isEqualTo(KnownHostsFile.Match.OTHER_TYPE);
    assertThat(f.knownTypes(HOST)).containsExactly("ssh-ed25519");
    assertThat(file(line("[127.0.0.1]:2222", ed25519)).check(ecdsa)).as("another port is another host").isEqualTo(KnownHostsFile.Match.UNKNOWN);
  }

  @Test
  void bothTypesRememberedMakeEachKnown() throws Exception {
    KnownHostsFile f = file(line(HOST, ed25519), line(HOST, ecdsa));
    assertThat(f.check(ecdsa)).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.knownTypes(HOST)).containsExactly("ssh-ed25519", ecdsa.type());
  }

  @Test
  void entriesHashedByOpenSshAreFound() throws Exception {
    KnownHostsFile f = file(line(HOST, ed25519), line("other.example", ecdsa));
    run("ssh-keygen", "-q", "-H", "-f", f.path().toString());
    assertThat(Files.readString(f.path())).as("hashed by ssh-keygen").doesNotContain("127.0.0.1").startsWith("|1|");

    assertThat(f.check(ed25519)).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.check(otherEd25519)).isEqualTo(KnownHostsFile.Match.CHANGED);
    assertThat(f.check(HostKeyInfo.of("other.example", ecdsa.key()))).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.check(HostKeyInfo.of("third.example", ecdsa.key()))).isEqualTo(KnownHostsFile.Match.UNKNOWN);
  }

  @Test
  void aRevokedKeyIsRevokedEvenWhenAlsoListedAsKnown() throws Exception {
    KnownHostsFile f = file(line(HOST, ed25519), "@revoked " + line("*", ed25519), line(HOST, ecdsa));
    assertThat(f.check(ed25519)).isEqualTo(KnownHostsFile.Match.REVOKED);
    assertThat(f.check(ecdsa)).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.knownTypes(HOST)).as("a revoked entry offers no type").containsExactly("ssh-ed25519", ecdsa.type());
  }

  @Test
  void wildcardAndListPatternsMatchAsOpenSshMatchesThem() throws Exception {
    KnownHostsFile f = file(line("[127.0.0.?]:2221,!10.0.0.1", ed25519));
    assertThat(f.check(ed25519)).isEqualTo(KnownHostsFile.Match.KNOWN);
  }

  @Test
  void damagedLinesAndCertificateAuthoritiesAreSkipped() throws Exception {
    KnownHostsFile f = file(HOST + " ssh-ed25519 !!not-base64!!", "@cert-authority " + line(HOST, otherEd25519), "short line", line(HOST, ed25519));
    assertThat(f.check(ed25519)).isEqualTo(KnownHostsFile.Match.KNOWN);
    assertThat(f.check(otherEd25519)).isEqualTo(KnownHostsFile.Match.CHANGED);
  }

  @Test
  void whatFerryAddsOpenSshFindsAgain() throws Exception {
    Path f = dir.resolve("sub/known_hosts");
    KnownHostsFile k = new KnownHostsFile(f);
    k.add(ed25519);
    Files.writeString(f, Files.readString(f).strip(), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    k.add(ecdsa);

    assertThat(Files.readAllLines(f)).hasSize(2);
    assertThat(run("ssh-keygen", "-F", HOST, "-f", f.toString())).contains(ed25519.base64()).contains(ecdsa.base64());
    assertThat(k.check(ecdsa)).isEqualTo(KnownHostsFile.Match.KNOWN);
  }

  @Test
  void theVerifierRefusesAKeyOfAnotherTypeAsAChangedKeyAndAsksNothing() throws Exception {
    KnownHostsFile f = file(line(HOST, ed25519));
    List<String> asked = new ArrayList<>();
    KnownHostsVerifier v = new KnownHostsVerifier((t, k) -> {
      asked.add(k.type());
      return UnknownHostKeyPrompt.Decision.ACCEPT_AND_REMEMBER;
    });
    SshTarget target = new SshTarget("ferry-a", "127.0.0.1", 2221, "root", List.of(), List.of(f.path()), List.of(), Optional.empty());

    assertThatThrownBy(() -> v.verify(target, ecdsa)).isInstanceOfSatisfying(SshException.HostKeyRejected.class, e -> {
      assertThat(e.changed()).isTrue();
      assertThat(e.getMessage()).contains("known in " + f.path() + " with a key of another type (ssh-ed25519)")
          .contains("presented only a " + ecdsa.type() + " key").contains("ssh-keygen -R '" + HOST + "'");
    });
    assertThatThrownBy(() -> v.verify(target, otherEd25519)).isInstanceOfSatisfying(SshException.HostKeyRejected.class,
        e -> assertThat(e.getMessage()).contains("has CHANGED"));
    assertThat(asked).as("a known host's new key is never put to the prompt").isEmpty();

    SshTarget unknownPort = new SshTarget("ferry-a", "127.0.0.1", 2222, "root", List.of(), List.of(f.path()), List.of(), Optional.empty());
    v.verify(unknownPort, HostKeyInfo.of(unknownPort.knownHostsName(), ecdsa.key()));
    assertThat(asked).containsExactly(ecdsa.type());
    assertThat(new KnownHostsFile(f.path()).check(HostKeyInfo.of("[127.0.0.1]:2222", ecdsa.key()))).isEqualTo(KnownHostsFile.Match.KNOWN);
  }
}
