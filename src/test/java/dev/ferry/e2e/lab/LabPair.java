package dev.ferry.e2e.lab;

import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;

/** The default lab's first two hosts, connected through the engine: the usual fixture of a lab test class. */
public final class LabPair implements AutoCloseable {
  public final Lab lab;
  public final EngineThreads threads;
  public final SshHost a;
  public final SshHost b;

  private LabPair(Lab lab, EngineThreads threads) {
    this.lab = lab;
    this.threads = threads;
    this.a = lab.connect(lab.host(0).name(), threads);
    this.b = lab.connect(lab.host(1).name(), threads);
  }

  public static LabPair open() {
    return new LabPair(Lab.ensureUp(), new EngineThreads());
  }

  @Override
  public void close() {
    a.close();
    b.close();
    threads.close();
  }
}
