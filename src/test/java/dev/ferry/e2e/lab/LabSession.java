package dev.ferry.e2e.lab;

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
 * The fixture every lab test class shares, registered once per class with
 * {@code @RegisterExtension static final LabSession session = new LabSession();}: the default lab
 * (started if needed), the engine's threads, and connections to its hosts (the first two by
 * {@link #a()} and {@link #b()}, any by {@link #host(String)}), opened on first use and closed after
 * the class, even when a test failed.
 */
public final class LabSession implements BeforeAllCallback, AfterAllCallback {
  private Lab lab;
  private EngineThreads threads;
  private final List<SshHost> opened = new ArrayList<>();
  private SshHost a;
  private SshHost b;
  private final Map<String, SshHost> others = new HashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    lab = Lab.ensureUp();
    threads = new EngineThreads();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    opened.forEach(SshHost::close);
    opened.clear();
    a = null;
    b = null;
    others.clear();
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

  /** The lab's first host, connected once for the whole class. */
  public synchronized SshHost a() {
    if (a == null) {
      a = track(lab.connect(lab.host(0).name(), threads));
    }
    return a;
  }

  /** The lab's second host, connected once for the whole class. */
  public synchronized SshHost b() {
    if (b == null) {
      b = track(lab.connect(lab.host(1).name(), threads));
    }
    return b;
  }

  /** Any host of the lab by name ({@link #a()} and {@link #b()} for the first two), connected once for the whole class. */
  public synchronized SshHost host(String name) {
    if (name.equals(lab.host(0).name())) {
      return a();
    }
    if (name.equals(lab.host(1).name())) {
      return b();
    }
    return others.computeIfAbsent(name, n -> track(lab.connect(n, threads)));
  }

  private SshHost track(SshHost host) {
    opened.add(host);
    return host;
  }
}
