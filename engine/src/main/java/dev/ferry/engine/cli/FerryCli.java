package dev.ferry.engine.cli;

import dev.ferry.engine.FerryVersion;
import dev.ferry.engine.hosts.HostDirectory;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.util.EngineThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line face of the engine, run through {@code ./ferry}. Every subcommand works with any
 * host in ~/.ssh/config and with the demo lab's hosts by name.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCli.Version.class,
    description = "Move running Linux containers between hosts.",
    subcommands = {HostsCommand.class, ProbeCommand.class, PsCommand.class, TopCommand.class, MigrateCommand.class, BenchCommand.class,
        CheckpointCommand.class, CheckpointsCommand.class, CheckpointDeleteCommand.class, RestoreCommand.class, RecoverCommand.class, EvacuateCommand.class})
public final class FerryCli implements AutoCloseable {
  private EngineThreads threads;
  private HostDirectory directory;

  /** The hosts, opened lazily so that --help needs no SSH. */
  HostDirectory directory() {
    if (directory == null) {
      threads = new EngineThreads();
      directory = new HostDirectory(HostDirectory.defaultConfigFiles(), SshSettings.defaults(),
          new KnownHostsVerifier(new TerminalHostKeyPrompt()), new TerminalCredentialsPrompt(), threads);
    }
    return directory;
  }

  @Override
  public void close() {
    if (directory != null) {
      directory.close();
      threads.close();
    }
  }

  public static void main(String[] args) {
    int code;
    try (FerryCli cli = new FerryCli()) {
      CommandLine cl = new CommandLine(cli);
      cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
        commandLine.getErr().println("ferry: " + e.getMessage());
        return 1;
      });
      code = cl.execute(args);
    }
    System.exit(code);
  }

  /** {@code ferry --version}: Ferry's one version, the one the app and the installers show. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ferry " + FerryVersion.current()};
    }
  }

  /** Asks on the terminal about unknown secrets; with no terminal, asks nothing. */
  static final class TerminalCredentialsPrompt implements CredentialsPrompt {
    @Override
    public java.util.Optional<char[]> passphrase(dev.ferry.engine.ssh.SshTarget target, java.nio.file.Path keyFile) {
      return System.console() == null ? java.util.Optional.empty()
          : java.util.Optional.ofNullable(System.console().readPassword("Passphrase for %s: ", keyFile));
    }

    @Override
    public java.util.Optional<char[]> password(dev.ferry.engine.ssh.SshTarget target) {
      return System.console() == null ? java.util.Optional.empty()
          : java.util.Optional.ofNullable(System.console().readPassword("Password for %s@%s: ", target.user(), target.alias()));
    }
  }
}
