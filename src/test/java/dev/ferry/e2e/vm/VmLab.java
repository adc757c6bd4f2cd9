package dev.ferry.e2e.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of the tests on the lab's VM hosts ({@code ./ferry test --vm} starts them: {@code lab up --vm 3
 * --cpu max,max,qemu64}). The lab is {@code -Dferry.vm.lab} (default {@code ferry}); it is read, never started
 * here, because booting guests takes a minute and belongs to the run, not to a class. Two guests of one CPU
 * model are the pre-copy pair, one of another model the mismatch.
 */
public final class VmLab implements BeforeAllCallback, AfterAllCallback {
  private Lab lab;
  private EngineThreads threads;
  private final Map<String, SshHost> connected = new HashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    lab = Lab.read(System.getProperty("ferry.vm.lab", "ferry"));
    assertThat(lab.vms()).as("lab " + lab.name() + " needs 3 VM hosts (./ferry test --vm, or lab.sh up --vm 3 --cpu max,max,qemu64)")
        .hasSizeGreaterThanOrEqualTo(3);
    threads = new EngineThreads();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    connected.values().forEach(SshHost::close);
    connected.clear();
    if (threads != null) {
      threads.close();
    }
  }

  public Lab lab() {
    return lab;
  }

  public EngineThreads threads() {
    return threads;
  }

  /** Two guests with the same CPU model: between them the CPU check passes and pre-copy can run. */
  public List<Lab.Guest> alikePair() {
    for (Lab.Guest a : lab.vms()) {
      for (Lab.Guest b : lab.vms()) {
        if (a != b && a.cpu().equals(b.cpu())) {
          return List.of(a, b);
        }
      }
    }
    throw new AssertionError("lab " + lab.name() + " has no two VM hosts with the same CPU model: " + lab.vms());
  }

  /** A guest on {@code max} and one on another model: the staged CPU mismatch. */
  public List<Lab.Guest> mismatchedPair() {
    Lab.Guest max = lab.vms().stream().filter(g -> g.cpu().equals("max")).findFirst()
        .orElseThrow(() -> new AssertionError("no VM host on -cpu max in " + lab.vms()));
    Lab.Guest other = lab.vms().stream().filter(g -> !g.cpu().equals("max")).findFirst()
        .orElseThrow(() -> new AssertionError("no VM host on a CPU model other than max in " + lab.vms()));
    return List.of(max, other);
  }

  /** A host of the lab (guest or namespace host) by name, connected once for the class. */
  public synchronized SshHost host(String name) {
    return connected.computeIfAbsent(name, n -> lab.connect(n, threads));
  }

  public List<String> names(List<Lab.Guest> guests) {
    List<String> out = new ArrayList<>();
    guests.forEach(g -> out.add(g.name()));
    return out;
  }
}
