package dev.ferry.engine.hosts;

import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.HostKeyVerifier;
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
 * The hosts a user can name: those in ~/.ssh/config, plus the demo lab's hosts when a lab is running
 * (its ssh config lives under /var/lib/ferry-lab/NAME/). Hands out one {@link SshHost} per name, so
 * everything that talks to a host shares its single SSH session.
 */
public final class HostDirectory implements AutoCloseable {
  public static final Path LAB_ROOT = Path.of("/var/lib/ferry-lab");

  private final SshConfigFile config;
  private final SshSettings settings;
  private final HostKeyVerifier verifier;
  private final CredentialsPrompt prompt;
  private final EngineThreads threads;
  private final String defaultUser;
  private final Map<String, SshHost> open = new ConcurrentHashMap<>();

  public HostDirectory(List<Path> configFiles, SshSettings settings, HostKeyVerifier verifier, CredentialsPrompt prompt, EngineThreads threads) {
    try {
      this.config = SshConfigFile.read(configFiles, Path.of(System.getProperty("user.home")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ssh config: " + e.getMessage(), e);
    }
    this.settings = settings;
    this.verifier = verifier;
    this.prompt = prompt;
    this.threads = threads;
    this.defaultUser = System.getProperty("user.name");
  }

  /** ~/.ssh/config first (the user's words win), then every running lab's config. */
  public static List<Path> defaultConfigFiles() {
    List<Path> files = new ArrayList<>();
    files.add(Path.of(System.getProperty("user.home"), ".ssh", "config"));
    if (Files.isDirectory(LAB_ROOT)) {
      try (Stream<Path> labs = Files.list(LAB_ROOT)) {
        labs.sorted().map(l -> l.resolve("ssh_config")).filter(Files::isRegularFile).forEach(files::add);
      } catch (IOException e) {
        // No readable lab: only the user's own hosts.
      }
    }
    return files;
  }

  public List<String> names() {
    return config.hostAliases();
  }

  public SshTarget resolve(String name) {
    return config.resolve(name, defaultUser);
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
