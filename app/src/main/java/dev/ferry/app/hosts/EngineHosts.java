package dev.ferry.app.hosts;

import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.hosts.HostDirectory;
import dev.ferry.engine.migration.MigrationRecovery;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.HostKeyVerifier;
import dev.ferry.engine.ssh.SshConfigFile;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's side of the hosts feature: the ssh config (the user's and the running lab's), one
 * {@link SshHost} per host name, shared by everything that talks to it, and the {@link HostLink}s that
 * keep panes live. Building it reads the config files: construct it through the executor.
 */
public final class EngineHosts implements HostCatalog, AutoCloseable {
  private final HostDirectory directory;
  private final List<String> labNames;
  private final SshSettings settings = SshSettings.defaults();
  private final HostKeyVerifier verifier;
  private final CredentialsPrompt prompt;
  private final EngineThreads threads;
  private final TaskExecutor executor;
  private final Map<String, SshHost> typed = new ConcurrentHashMap<>();
  private final Set<SshHost> open = ConcurrentHashMap.newKeySet();

  public EngineHosts(List<Path> configFiles, HostKeyVerifier verifier, CredentialsPrompt prompt, EngineThreads threads, TaskExecutor executor) {
    this.directory = new HostDirectory(configFiles, settings, verifier, prompt, threads);
    this.verifier = verifier;
    this.prompt = prompt;
    this.threads = threads;
    this.executor = executor;
    List<Path> labs = HostDirectory.labConfigFiles();
    List<Path> labFiles = configFiles.stream().filter(p -> labs.contains(p.toAbsolutePath())).toList();
    try {
      this.labNames = SshConfigFile.read(labFiles, Path.of(System.getProperty("user.home"))).hostAliases();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab's ssh config: " + e.getMessage(), e);
    }
  }

  /** Every host named in the ssh config files, the lab's included. */
  @Override
  public List<String> names() {
    return directory.names();
  }

  /** The running lab's hosts, if a lab is running. */
  @Override
  public List<String> labNames() {
    return labNames;
  }

  @Override
  public HostsViewModel.Link open(HostSpec spec, HostPaneViewModel pane) {
    SshHost ssh = spec.fromConfig() ? directory.host(spec.name()) : typed.computeIfAbsent(spec.name(), n -> new SshHost(target(spec), settings, verifier, prompt, threads));
    HostLink link = new HostLink(ssh, threads, executor, pane, this::recover);
    open.add(ssh);
    return new HostsViewModel.Link() {
      @Override
      public String address() {
        SshTarget t = ssh.target();
        return t.user() + "@" + t.hostName() + ":" + t.port();
      }

      @Override
      public void start() {
        link.start();
      }

      @Override
      public SshHost session() {
        return ssh;
      }

      @Override
      public void refreshContainers() {
        link.refreshContainers();
      }

      @Override
      public void close() {
        open.remove(ssh);
        link.close();
      }
    };
  }

  /**
   * The recovery a newly connected host runs: the migrations it took part in, each with its other side
   * if that host is open and connected (the decision is on the source, and the original is removed only
   * once the destination's copy is seen running). One at a time, so two hosts connecting at once do not
   * resolve the same migration twice.
   */
  private synchronized List<RecoveryAction> recover(SshHost connected) {
    List<SshHost> peers = open.stream().filter(p -> p != connected && p.isConnected()).toList();
    return MigrationRecovery.recoverWith(connected, peers);
  }

  /** A typed-in host, with whatever ~/.ssh/config says for that address, and the key file if one was given. */
  private SshTarget target(HostSpec spec) {
    SshTarget t = directory.resolve(spec.user() + "@" + spec.address() + ":" + spec.port());
    List<Path> keys = spec.keyFile().isEmpty() ? t.identityFiles() : List.of(Path.of(spec.keyFile()));
    return new SshTarget(spec.name(), t.hostName(), t.port(), t.user(), keys, t.knownHostsFiles(), t.jumpHosts(), t.agentSocket(), t.agentUse());
  }

  @Override
  public void close() {
    typed.values().forEach(SshHost::close);
    directory.close();
  }
}
