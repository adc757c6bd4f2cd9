package dev.ferry.e2e.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.SshConfigFile;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.ssh.SshSettings;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The demo lab as the tests see it: its hosts from lab.json, its ssh config, and lab.sh for the
 * things only the lab can do (make containers, cut links). Connections go through the engine's own
 * SSH code with the lab's known_hosts, exactly as for any server.
 */
public final class Lab {
  public static final Path REPO = Path.of(System.getProperty("ferry.repo", "../..")).toAbsolutePath().normalize();
  public static final Path LAB_SH = REPO.resolve("native/lab/lab.sh");
  /** The lab segment's /24 (br0): a container address there is answered for by the host that runs it, routed by nobody. */
  public static final String LAB_SEGMENT = "10.87.0";
  private static final Duration LAB_SH_TIMEOUT = Duration.ofMinutes(5);

  public record Host(String name, int port, String address, String netns) {}

  private final String name;
  private final Path dir;
  private final Path sshConfig;
  private final Path knownHosts;
  private final Path identity;
  private final List<Host> hosts;
  private final List<Guest> vms;

  /** A VM host of the lab (lab.sh up --vm N): a QEMU guest with its own kernel, and the CPU model it was given. */
  public record Guest(String name, int port, String address, String cpu) {}

  private Lab(String name, JsonNode json) {
    this.name = name;
    this.dir = Path.of(json.get("dir").asText());
    this.sshConfig = Path.of(json.get("sshConfig").asText());
    this.knownHosts = Path.of(json.get("knownHosts").asText());
    this.identity = Path.of(json.get("identity").asText());
    List<Host> hs = new ArrayList<>();
    for (JsonNode h : json.get("hosts")) {
      hs.add(new Host(h.get("name").asText(), h.get("port").asInt(), h.get("address").asText(), h.get("netns").asText()));
    }
    this.hosts = List.copyOf(hs);
    List<Guest> gs = new ArrayList<>();
    for (JsonNode g : json.path("vms")) {
      gs.add(new Guest(g.get("name").asText(), g.get("port").asInt(), g.get("address").asText(), g.get("cpu").asText()));
    }
    this.vms = List.copyOf(gs);
  }

  /** The default lab, started with this run's number of hosts if it is not running (lab up is idempotent). */
  public static Lab ensureUp() {
    return ensureUp("ferry", "--hosts", String.valueOf(expectedHostCount()));
  }

  /** How many hosts this run's lab has: {@code ./ferry test --hosts N} passes {@code -Dferry.lab.hosts=N}; 2 without. */
  public static int expectedHostCount() {
    return Integer.getInteger("ferry.lab.hosts", 2);
  }

  /** The default lab's host names for this run: ferry-a, ferry-b, then ferry-c and ferry-d with more hosts. */
  public static List<String> expectedHostNames() {
    return IntStream.range(0, expectedHostCount()).mapToObj(i -> "ferry-" + (char) ('a' + i)).toList();
  }

  public static Lab ensureUp(String name, String... upArgs) {
    if (sh("status", "--name", name).exitCode() != 0) {
      List<String> args = new ArrayList<>(List.of("up", "--name", name));
      args.addAll(List.of(upArgs));
      sh(args.toArray(String[]::new)).orFail("lab up --name " + name);
    }
    return read(name);
  }

  public static Lab read(String name) {
    Path json = Path.of("/var/lib/ferry-lab", name, "lab.json");
    try {
      return new Lab(name, new ObjectMapper().readTree(json.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json + ": is the lab '" + name + "' up?", e);
    }
  }

  public static LocalProcess.Result sh(String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", LAB_SH.toString()));
    cmd.addAll(List.of(args));
    return LocalProcess.run(LAB_SH_TIMEOUT, REPO, cmd);
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public Path sshConfig() {
    return sshConfig;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  public Path identity() {
    return identity;
  }

  public List<Host> hosts() {
    return hosts;
  }

  /** The lab's VM hosts, none unless it was started with --vm. */
  public List<Guest> vms() {
    return vms;
  }

  public Host host(int index) {
    return hosts.get(index);
  }

  public Host host(String hostName) {
    return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("lab " + name + " has no host " + hostName + "; it has " + hosts));
  }

  /** The host's files on this machine (host keys, sshd log, its private directories). */
  public Path hostDir(String hostName) {
    return dir.resolve("hosts").resolve(host(hostName).name());
  }

  /** Runs a command on a lab host through lab.sh (not through SSH): the independent view of the host. */
  public LocalProcess.Result exec(String hostName, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", "--name", name, hostName, "--"));
    args.addAll(List.of(command));
    return sh(args.toArray(String[]::new));
  }

  /** Connects to a lab host through the lab's ssh config, verifying its key against the lab's known_hosts. */
  public SshHost connect(String hostName, EngineThreads threads) {
    return connect(hostName, threads, SshSettings.defaults());
  }

  public SshHost connect(String hostName, EngineThreads threads, SshSettings settings) {
    SshHost host = new SshHost(target(hostName), settings, new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
        CredentialsPrompt.NONE, threads);
    host.connect();
    return host;
  }

  /** A lab host as an SSH target, resolved through the lab's ssh config as any user's ~/.ssh/config. */
  public SshTarget target(String hostName) {
    try {
      return SshConfigFile.read(List.of(sshConfig), Path.of(System.getProperty("user.home"))).resolve(hostName, "root");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates and starts a container from the lab's base image on a host (lab.sh container). */
  public void startContainer(String hostName, String container, String workload, String... extra) {
    List<String> args = new ArrayList<>(List.of("container", "--name", name, hostName, container, workload));
    args.addAll(List.of(extra));
    sh(args.toArray(String[]::new)).orFail("lab container " + container + " on " + hostName);
  }
}
