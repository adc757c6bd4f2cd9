package dev.ferry.e2e.lab;

import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture every lab test class shares, registered once per class with
 * {@code @RegisterExtension static final LabSession session = new LabSession();}: the default lab
 * (started if needed), the engine's threads, and connections to its first two hosts, opened on first
 * use and closed after the class, even when a test failed.
 */
public final class LabSession implements BeforeAllCallback, AfterAllCallback {
  private Lab lab;
  private EngineThreads threads;
  private final List<SshHost> opened = new ArrayList<>();
  private SshHost a;
  private SshHost b;

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

  private SshHost track(SshHost host) {
    opened.add(host);
    return host;
  }
}
