package dev.ferry.engine.hosts;

import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.HostKeyVerifier;
import dev.ferry.engine.ssh.OpenSshConfig;
import dev.ferry.engine.ssh.SshConfigFile;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The hosts a user can name: those in ~/.ssh/config, plus a demo lab's when one is named by the
 * {@value #LAB_CONFIGS_ENV} setting (which {@code ./ferry} fills from {@code lab.sh status --json}; the
 * engine itself knows no lab's location). A name is resolved as OpenSSH resolves it ({@code ssh -G},
 * {@link OpenSshConfig}) where ssh is installed, else by Ferry's own reader ({@link SshConfigFile}).
 * Hands out one {@link SshHost} per name, so everything that talks to a host shares its single SSH session.
 */
public final class HostDirectory implements AutoCloseable {
  /** Environment variable: the ssh config files of running demo labs, separated as in PATH. */
  public static final String LAB_CONFIGS_ENV = "FERRY_LAB_SSH_CONFIGS";
  /** The same as a system property, which wins over the environment (tests set it). */
  public static final String LAB_CONFIGS_PROPERTY = "ferry.lab.sshConfigs";
  // OpenSSH reads the system-wide client config after the user's; -G is given it in that place.
  private static final Path SYSTEM_CONFIG = Path.of("/etc/ssh/ssh_config");

  private final SshConfigFile config;
  private final List<Path> configFiles;
  private final OpenSshConfig openSsh;
  private final Map<String, SshTarget> resolved = new ConcurrentHashMap<>();
  private final SshSettings settings;
  private final HostKeyVerifier verifier;
  private final CredentialsPrompt prompt;
  private final EngineThreads threads;
  private final String defaultUser;
  private final Map<String, SshHost> open = new ConcurrentHashMap<>();

  public HostDirectory(List<Path> configFiles, SshSettings settings, HostKeyVerifier verifier, CredentialsPrompt prompt, EngineThreads threads) {
    try {
      Path home = Path.of(System.getProperty("user.home"));
      this.config = SshConfigFile.read(configFiles, home);
      this.openSsh = new OpenSshConfig(home);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ssh config: " + e.getMessage(), e);
    }
    this.configFiles = List.copyOf(configFiles);
    this.settings = settings;
    this.verifier = verifier;
    this.prompt = prompt;
    this.threads = threads;
    this.defaultUser = System.getProperty("user.name");
  }

  /** ~/.ssh/config first (the user's words win), then the config of each lab named by the setting. */
  public static List<Path> defaultConfigFiles() {
    List<Path> files = new ArrayList<>();
    files.add(Path.of(System.getProperty("user.home"), ".ssh", "config"));
    files.addAll(labConfigFiles());
    return files;
  }

  /** The running labs' ssh config files, from {@value #LAB_CONFIGS_PROPERTY} or {@value #LAB_CONFIGS_ENV}; none when unset. */
  public static List<Path> labConfigFiles() {
    return labConfigFiles(System.getProperty(LAB_CONFIGS_PROPERTY, System.getenv(LAB_CONFIGS_ENV)));
  }

  static List<Path> labConfigFiles(String setting) {
    if (setting == null || setting.isBlank()) {
      return List.of();
    }
    return Stream.of(setting.split(java.io.File.pathSeparator)).map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> Path.of(s).toAbsolutePath()).filter(Files::isRegularFile).toList();
  }

  public List<String> names() {
    return config.hostAliases();
  }

  /** The target OpenSSH would use for this name (Ferry's reader where OpenSSH cannot say); asked once per name. */
  public SshTarget resolve(String name) {
    return resolved.computeIfAbsent(name, n -> {
      List<Path> files = new ArrayList<>(configFiles);
      files.add(SYSTEM_CONFIG);
      return openSsh.resolve(files, n).orElseGet(() -> config.resolve(n, defaultUser));
    });
  }

  /** The host of that name, connected on first use; the same object for every caller. */
  public SshHost host(String name) {
    return open.computeIfAbsent(name, n -> new SshHost(resolve(n), settings, verifier, prompt, threads));
  }

  public EngineThreads threads() {
    return threads;
  }

  @Override
  public void close() {
    open.values().forEach(SshHost::close);
    open.clear();
  }
}
