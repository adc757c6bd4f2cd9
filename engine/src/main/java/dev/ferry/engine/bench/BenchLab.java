package dev.ferry.engine.bench;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo lab as the benchmark uses it (native/lab/README.md): runc containers made by {@code lab.sh
 * container}, Podman containers from the lab's local image, and clients run in the lab's router
 * namespace, so no traffic leaves the lab's own namespaces.
 */
final class BenchLab {
  static final String PODMAN_IMAGE = "localhost/ferry-busybox:lab";
  // The lab segment (lab.sh): an address there is answered by the host that runs the container.
  static final String LAB_SEGMENT = "10.87.0";
  private static final Duration START_LIMIT = Duration.ofSeconds(120);

  private final Path labScript;
  private final Path workloadBin;
  private final String labName;

  BenchLab(Path labScript, Path workloadBin, String labName) {
    this.labScript = labScript;
    this.workloadBin = workloadBin;
    this.labName = labName;
  }

  /** A runc container of the workload on {@code host}, with the lab's workloads of this tree; the web server gets {@code ip}. */
  void startRunc(String host, String ct, BenchWorkload w, String ip) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("container", host, ct, w.labWorkload()));
    if (ip != null) {
      args.addAll(List.of("--ip", ip));
    }
    if (!w.args().isEmpty()) {
      args.add("--");
      args.addAll(w.args());
    }
    lab(args.toArray(String[]::new));
  }

  /** The container's network namespace and address on {@code h} (lab.sh ctnet), with no host answering ARP for it there yet. */
  void addressFor(SshHost h, String ct, String ip) throws IOException, InterruptedException {
    lab("ctnet", h.name(), ct, ip);
    run(h, Command.script("ip neigh del proxy \"$1\" dev eth0", ip));
  }

  /** The container's network namespace on {@code h} gone, once the container runs elsewhere. */
  void dropAddress(SshHost h, String ct) throws IOException, InterruptedException {
    lab("ctnet", h.name(), ct, "--delete");
  }

  private void lab(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", labScript.toString(), args[0], "--name", labName));
    cmd.addAll(List.of(args).subList(1, args.length));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("lab.sh " + String.join(" ", args) + " failed: " + out.strip());
    }
  }

  static void removeRunc(SshHost h, String ct, String ip) {
    h.exec(Command.script("runc delete --force \"$1\" >/dev/null 2>&1; rm -rf \"/var/lib/ferry/containers/$1\" \"$2/$1\"", ct,
        ScriptMover.IMAGES));
    if (ip != null) {
      h.exec(Command.script("ip netns del \"$1\" 2>/dev/null; ip neigh del proxy \"$2\" dev eth0 2>/dev/null; true", ct, ip));
    }
  }

  /**
   * An image for the Podman containers: the lab's image with this tree's workload binary committed on top (the lab's
   * image may hold an older one, and Podman's export carries no file copied into a container), present on both hosts
   * under one id, as an image pulled from a registry would be. Returns its id.
   */
  String podmanImage(SshHost a, SshHost b, String ct, String bin) {
    String builder = ct + "-image";
    run(a, Command.of("podman", "create", "--name", builder, PODMAN_IMAGE, "true"));
    try {
      // Through the SSH session, not by path: this tree may be in a folder the lab host does not see (/tmp is its own).
      String staged = "/var/lib/ferry/work/" + builder + "-" + bin;
      run(a, Command.of("mkdir", "-p", "/var/lib/ferry/work"));
      try {
        a.upload(java.nio.file.Files.readAllBytes(workloadBin.resolve(bin)), staged);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read the workload " + workloadBin.resolve(bin) + ": " + e.getMessage(), e);
      }
      try {
        run(a, Command.of("chmod", "755", staged));
        run(a, Command.of("podman", "cp", staged, builder + ":/usr/bin/" + bin));
      } finally {
        a.exec(Command.of("rm", "-f", staged));
      }
      String name = "localhost/ferry-bench:" + ct;
      String id = run(a, Command.of("podman", "commit", "--quiet", builder, name)).stdout().strip();
      // Saved by name, so it arrives with it: Podman's restore looks the image up by name.
      run(a, Command.script("podman image save --quiet -- \"$1\" | ssh -o BatchMode=yes \"$2\" podman load --quiet", name, b.name()));
      return id;
    } finally {
      a.exec(Command.of("podman", "container", "rm", "--force", "--", builder));
    }
  }

  static void removePodmanImage(SshHost h, String id) {
    h.exec(Command.script("podman image rm --force -- \"$1\" >/dev/null 2>&1; true", id));
  }

  /** A Podman container of the workload from {@code image}, with no network (the workloads with ticks need none). */
  static void startPodman(SshHost h, String ct, BenchWorkload w, String image) {
    List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--name", ct, "--runtime", "runc", "--network", "none", image));
    cmd.addAll(w.argv());
    run(h, Command.of(cmd));
  }

  static void removePodman(SshHost h, String ct) {
    h.exec(Command.script("podman container rm --force --time 0 -- \"$1\" >/dev/null 2>&1; rm -f \"$2/$1\".*", ct, PodmanMover.DIR));
  }

  /** A client process in the lab's router namespace: it reaches the lab's addresses, and nothing of the machine's own network. */
  Process routerClient(List<String> programAndArgs, Path output) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + labName + "-lab",
        workloadBin.resolve(programAndArgs.get(0)).toString()));
    cmd.addAll(programAndArgs.subList(1, programAndArgs.size()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  /**
   * How the lab's links are shaped, as lab.sh recorded it for the first host. A VM host (lab.sh up --vm) says so:
   * its figures come from an emulated machine (QEMU TCG, about 12 times slower, field notes §9) and are kept apart.
   */
  String linkShape(String host) {
    Path vm = Path.of("/var/lib/ferry-lab", labName, "vms", host, "shape");
    try {
      if (Files.exists(vm)) {
        return Files.readString(vm).strip() + "; VM host, emulated (QEMU TCG): not comparable with the namespace hosts' figures";
      }
      return Files.readString(Path.of("/var/lib/ferry-lab", labName, "hosts", host, "shape")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  static ExecResult run(SshHost h, Command c) {
    ExecResult r = h.exec(c, START_LIMIT);
    if (!r.ok()) {
      throw new IllegalStateException(c.label() + " failed on " + h.name() + ": " + r.stderr().strip());
    }
    return r;
  }
}
