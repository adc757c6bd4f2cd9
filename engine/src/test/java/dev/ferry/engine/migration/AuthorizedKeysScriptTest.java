package dev.ferry.engine.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ssh.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorized_keys scripts, run by this machine's sh against a temporary home. */
class AuthorizedKeysScriptTest {
  private static final String ADMIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIadmin admin@laptop";
  private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAImig ferry-migration-1a2b3c4d";

  @TempDir
  Path home;
  private Path keys;

  @BeforeEach
  void anAdminKeyWithoutTrailingNewline() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    keys = home.resolve(".ssh/authorized_keys");
    Files.writeString(keys, ADMIN);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void theMigrationKeyIsAddedRestrictedToTheSourceExpiringAndToOneLoopbackPortAndTheAdminLineIsKept() throws Exception {
    assertThat(run(Command.script(AuthorizedKeys.AUTHORIZE, KEY, "10.87.0.11,169.254.1.1", "3", "28001"))).isZero();

    var lines = Files.readAllLines(keys);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo(ADMIN);
    assertThat(lines.get(1)).matches("from=\"10\\.87\\.0\\.11,169\\.254\\.1\\.1\",expiry-time=\"\\d{12}Z\",restrict,port-forwarding,"
        + "permitopen=\"127\\.0\\.0\\.1:28001\",permitlisten=\"127\\.0\\.0\\.1:28001\" " + KEY.replace(".", "\\."));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
  }

  @Test
  void revokingRemovesOnlyThatMigrationsLine() throws Exception {
    run(Command.script(AuthorizedKeys.AUTHORIZE, KEY, "10.87.0.11", "3", "28001"));

    assertThat(run(Command.script(AuthorizedKeys.REVOKE, "ferry-migration-1a2b3c4d"))).isZero();

    assertThat(Files.readString(keys)).isEqualTo(ADMIN + "\n");
  }

  @Test
  void theSweepRemovesKeysOfMigrationsWithNoJournalHereAndKeepsLiveOnes() throws Exception {
    run(Command.script(AuthorizedKeys.AUTHORIZE, KEY, "10.87.0.11", "3", "28001"));
    run(Command.script(AuthorizedKeys.AUTHORIZE, KEY.replace("1a2b3c4d", "99999999"), "10.87.0.11", "3", "28001"));
    Path journal = Files.createDirectories(home.resolve("journal/99999999"));

    assertThat(run(Command.script(AuthorizedKeys.SWEEP, journal.getParent().toString()))).isZero();

    assertThat(Files.readString(keys)).contains(ADMIN, "ferry-migration-99999999").doesNotContain("ferry-migration-1a2b3c4d");
  }

  @Test
  void aFailedWriteLeavesTheFileAsItWas() throws Exception {
    byte[] before = Files.readAllBytes(keys);
    // A home whose .ssh cannot take a new file: the temporary copy cannot be written, so nothing is replaced.
    Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("r-x------"));
    try {
      int rc = run(Command.script(AuthorizedKeys.AUTHORIZE, KEY, "10.87.0.11", "3", "28001"));
      if (isRoot()) {
        return; // root writes anyway; the full-disk case is checked on the lab (HandOverLabTest)
      }
      assertThat(rc).isNotZero();
    } finally {
      Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(Files.readAllBytes(keys)).isEqualTo(before);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private int run(Command c) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(c.argv()).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
    return p.exitValue();
  }
}
