package dev.ferry.cli;

import dev.ferry.engine.FerryVersion;
import dev.ferry.engine.hosts.HostDirectory;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.util.EngineThreads;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line face of the engine, run through {@code ./ferry} and installed as {@code ferry}.
 * Every subcommand works with any host in ~/.ssh/config and with the demo lab's hosts by name. Each
 * run logs to {@link CliLogging#defaultLogFile()}; {@code --verbose} shows the engine's log lines,
 * and the stack trace of an error, on stderr too.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCli.Version.class,
    description = "Move running Linux containers between hosts.",
    subcommands = {HostsCommand.class, ProbeCommand.class, PsCommand.class, TopCommand.class, MigrateCommand.class, BenchCommand.class,
        CheckpointCommand.class, CheckpointsCommand.class, CheckpointDeleteCommand.class, RestoreCommand.class, RecoverCommand.class,
        EvacuateCommand.class})
public final class FerryCli implements AutoCloseable {
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "show the engine's log lines (DEBUG and up) and the stack trace of an error on stderr")
  private boolean verbose;

  private final Path logFile;
  private EngineThreads threads;
  private HostDirectory directory;

  /** The CLI as installed: its log in the user's state folder. */
  public FerryCli() {
    this(CliLogging.defaultLogFile());
  }

  /** The CLI with its log in {@code logFile} (tests give a folder of their own). */
  public FerryCli(Path logFile) {
    this.logFile = logFile;
  }

  /** The hosts, opened lazily so that --help needs no SSH. */
  HostDirectory directory() {
    if (directory == null) {
      threads = new EngineThreads();
      directory = new HostDirectory(HostDirectory.defaultConfigFiles(), SshSettings.defaults(),
          new KnownHostsVerifier(new TerminalHostKeyPrompt()), new TerminalCredentialsPrompt(), threads);
    }
    return directory;
  }

  /**
   * This CLI's picocli command line, with the log set up around each run and errors turned into one
   * line (and the stack trace at {@code --verbose}). Callers may set its writers before {@code execute}.
   */
  public CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setExecutionStrategy(parsed -> {
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) {
        return help;
      }
      try (CliLogging log = CliLogging.start(logFile, verbose, cl.getErr())) {
        String args = String.join(" ", parsed.originalArgs());
        LoggerFactory.getLogger(FerryCli.class).info("ferry {} {}", FerryVersion.current(), args);
        try {
          return new CommandLine.RunLast().execute(parsed);
        } catch (CommandLine.ExecutionException e) {
          // Inside the log's lifetime: the whole story, stack trace included, goes to the file (and to stderr at --verbose).
          Throwable cause = e.getCause() == null ? e : e.getCause();
          LoggerFactory.getLogger(FerryCli.class).error("ferry {} failed", args, cause);
          cl.getErr().println("ferry: " + cause.getMessage() + (verbose ? "" : " (details in " + logFile + "; --verbose shows them here)"));
          return 1;
        }
      }
    });
    return cl;
  }

  @Override
  public void close() {
    if (directory != null) {
      directory.close();
      threads.close();
    }
  }

  public static void main(String[] args) {
    // Before any logger exists: the CLI's backend, even where the app's is on the class path too (the installed packages).
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", CliLogging.SLF4J_PROVIDER);
      // SLF4J would otherwise say on stderr, at every start, that it loaded the provider it was told to.
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    int code;
    try (FerryCli cli = new FerryCli()) {
      code = cli.commandLine().execute(args);
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
    public Optional<char[]> passphrase(SshTarget target, Path keyFile) {
      return System.console() == null ? Optional.empty() : Optional.ofNullable(System.console().readPassword("Passphrase for %s: ", keyFile));
    }

    @Override
    public Optional<char[]> password(SshTarget target) {
      return System.console() == null ? Optional.empty()
          : Optional.ofNullable(System.console().readPassword("Password for %s@%s: ", target.user(), target.alias()));
    }
  }
}
