package dev.ferry.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's own ssh config reader (the fallback) and OpenSSH's {@code ssh -G} (used where ssh is
 * installed) resolve the same aliases to the same targets: the lab's config, and a user's config
 * with Include, Match and Host * defaults. Runs the real ssh; nothing connects.
 */
class SshConfigAgreementTest {
  // Where ssh expands ~ and ~/.ssh: the real home of the user running the test.
  private static final Path HOME = Path.of(System.getProperty("user.home"));

  @TempDir
  Path dir;

  private Path lab;
  private Path user;

  /** What both must agree on; the identity files only where a config names them (their defaults differ by design). */
  record Seen(String hostName, int port, String user, List<Path> identityFiles, List<Path> knownHosts, List<String> jumps,
      SshTarget.AgentUse agentUse) {
    static Seen of(SshTarget t) {
      return new Seen(t.hostName(), t.port(), t.user(), t.identityFiles(), t.knownHostsFiles(),
          t.jumpHosts().stream().map(j -> j.user() + "@" + j.hostName() + ":" + j.port()).toList(), t.agentUse());
    }
  }

  @BeforeEach
  void configs() throws Exception {
    // As lab.sh writes it (native/lab/lib/ssh.sh).
    lab = Files.writeString(dir.resolve("lab_ssh_config"), """
        # ssh config of lab ferry, written by lab.sh
        Host ferry-a
          HostName 127.0.0.1
          Port 2221
          User root
          IdentityFile /var/lib/ferry-lab/ferry/id_ed25519
          IdentitiesOnly yes
          UserKnownHostsFile /var/lib/ferry-lab/ferry/known_hosts
          GlobalKnownHostsFile /dev/null
          StrictHostKeyChecking yes

        Host ferry-b
          HostName 127.0.0.1
          Port 2222
          User root
          IdentityFile /var/lib/ferry-lab/ferry/id_ed25519
          IdentitiesOnly yes
          UserKnownHostsFile /var/lib/ferry-lab/ferry/known_hosts
          GlobalKnownHostsFile /dev/null
          StrictHostKeyChecking yes
        """);
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/10-extra.conf"), """
        Host extra
          HostName 192.0.2.7
          Port 2201
        """);
    Files.writeString(dir.resolve("conf.d/20-more.conf"), """
        Host more
          HostName more.example
          IdentityAgent none
        """);
    user = Files.writeString(dir.resolve("config"), """
        Include %s/conf.d/*.conf

        Host web
          HostName 10.0.0.5
          User deploy

        Match host 10.0.0.* user deploy
          Port 2200

        Match originalhost db
          HostName db.internal

        Host db
          User postgres
          ProxyJump bastion

        Host bastion
          HostName bastion.example
          Port 2022

        Match exec "false"
          Port 1

        Host *
          User fallback
          IdentityFile ~/.ssh/id_work
          UserKnownHostsFile ~/.ssh/known_hosts_ferry
        """.formatted(dir));
    for (Path f : List.of(lab, user, dir.resolve("conf.d/10-extra.conf"), dir.resolve("conf.d/20-more.conf"))) {
      Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static Optional<SshTarget> openSsh(List<Path> files, String alias) {
    return new OpenSshConfig(HOME).resolve(files, alias);
  }

  private static SshTarget ferrys(List<Path> files, String alias) throws Exception {
    return SshConfigFile.read(files, HOME).resolve(alias, System.getProperty("user.name"));
  }

  private void assertAgree(List<Path> files, String alias) throws Exception {
    Optional<SshTarget> ssh = openSsh(files, alias);
    assumeTrue(ssh.isPresent(), "OpenSSH's ssh is installed (it is wherever the lab runs)");
    assertThat(Seen.of(ferrys(files, alias))).as(alias).isEqualTo(Seen.of(ssh.get()));
  }

  @Test
  void theLabsHostsResolveTheSame() throws Exception {
    for (String alias : List.of("ferry-a", "ferry-b")) {
      assertAgree(List.of(lab), alias);
    }
    assertThat(openSsh(List.of(lab), "ferry-b")).get().extracting(SshTarget::port, SshTarget::user).containsExactly(2222, "root");
  }

  @Test
  void aUsersConfigWithIncludeMatchAndHostDefaultsResolvesTheSame() throws Exception {
    for (String alias : List.of("web", "db", "bastion", "extra", "more", "unnamed.example")) {
      assertAgree(List.of(user), alias);
    }
    SshTarget web = openSsh(List.of(user), "web").orElseThrow();
    assertThat(web.port()).as("Match host ... user ... applied").isEqualTo(2200);
    assertThat(ferrys(List.of(user), "db").jumpHosts()).singleElement()
        .satisfies(j -> assertThat(j.hostName() + ":" + j.port() + " " + j.user()).isEqualTo("bastion.example:2022 fallback"));
    assertThat(ferrys(List.of(user), "extra").port()).as("from the included file").isEqualTo(2201);
    assertThat(ferrys(List.of(user), "more").agentUse()).isEqualTo(SshTarget.AgentUse.NONE);
  }

  @Test
  void theUsersConfigAndTheLabsTogetherResolveTheSameInEitherOrder() throws Exception {
    for (String alias : List.of("ferry-a", "web", "extra")) {
      assertAgree(List.of(user, lab), alias);
      assertAgree(List.of(lab, user), alias);
    }
    assertThat(ferrys(List.of(user, lab), "ferry-a").user()).as("the user's Host * comes first and wins").isEqualTo("fallback");
  }

  @Test
  void withoutOpenSshThereIsNoAnswerAndTheReaderIsUsed() {
    assertThat(new OpenSshConfig("/nonexistent/ssh", HOME).resolve(List.of(lab), "ferry-a")).isEmpty();
  }
}
