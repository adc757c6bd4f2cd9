package dev.ferry.app.bench;

import dev.ferry.app.AppOptions;
import dev.ferry.app.FerryApp;
import dev.ferry.app.connect.HostSpec;
import dev.ferry.app.hosts.EngineHosts;
import dev.ferry.app.hosts.HostPaneViewModel;
import dev.ferry.app.hosts.HostsViewModel;
import dev.ferry.engine.hosts.HostDirectory;
import dev.ferry.engine.metrics.MetricsRecording;
import dev.ferry.engine.metrics.MetricsReplay;
import dev.ferry.engine.probe.HostFacts;
import dev.ferry.engine.probe.HostFindings;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.probe.ProbeParser;
import dev.ferry.engine.ssh.CredentialsPrompt;
import dev.ferry.engine.ssh.KnownHostsVerifier;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;
import dev.ferry.engine.util.EngineThreads;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The app benchmark of issue #8: Ferry's real main window (FerryApp, as the launcher starts it) with
 * 10 host panes of 50 containers, the first ones real lab hosts over SSH, the rest fed by a recorded
 * metrics stream of a real host played back through the engine's real MetricsStream and parser. It
 * measures the FX pulse gaps and the process's resident memory for a minute, then drags a card with
 * the OS pointer and times every other pane's verdict. Results: bench/app-results.{json,md}.
 * Run by {@code ./ferry bench-app}; the options are in {@link BenchOptions}.
 */
public final class AppBenchmark {
  /** A pulse gap past this is listed one by one in the results, with when it happened. */
  static final double LONG_GAP_MS = 34;
  static final String PROBE_RECORDING = "/probe/debian12-kernel618-criu421.txt";

  private AppBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(List.of(args));
    try {
      BenchResults.write(o.outDir(), measure(o));
    } catch (Exception e) {
      // Said before leaving: Platform.exit() would wait for a toolkit that may never have started.
      System.err.println("ferry: the app benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    Platform.exit();
    System.exit(0);
  }

  private static Map<String, Object> measure(BenchOptions o) throws Exception {
    Instant startedAt = Instant.now();
    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    MetricsRecording recording = MetricsRecording.read(o.recording());
    MetricsReplay replay = MetricsReplay.of(recording, o.containers());
    HostFacts probeFacts = ProbeParser.parse(resource(PROBE_RECORDING));
    Path scratch = Files.createTempDirectory("ferry-bench-app");

    CompletableFuture<Void> fxUp = new CompletableFuture<>();
    Platform.startup(() -> fxUp.complete(null));
    // The first start on a fresh machine builds the font cache: give it a minute.
    fxUp.get(60, TimeUnit.SECONDS);
    FerryApp app = new FerryApp(AppOptions.parse(List.of("--config-dir", scratch.resolve("config").toString(),
        "--reports-dir", scratch.resolve("reports").toString())));
    Stage stage = Fx.call(() -> {
      Stage s = new Stage();
      app.start(s);
      s.setX(0);
      s.setY(0);
      return s;
    });
    await("the main window reads the ssh config", Duration.ofSeconds(30), () -> app.mainViewModel().ready().get());

    EngineThreads threads = new EngineThreads();
    EngineHosts real = new EngineHosts(HostDirectory.defaultConfigFiles(), new KnownHostsVerifier(UnknownHostKeyPrompt.REJECT),
        CredentialsPrompt.NONE, threads, app.executor());
    List<String> recordedNames = new ArrayList<>();
    for (int i = o.real().size(); i < o.panes(); i++) {
      recordedNames.add(String.format("rec-%02d", i + 1));
    }
    HostsViewModel hosts = app.mainViewModel().hosts();
    Fx.run(() -> {
      int[] phase = {0};
      hosts.ready((spec, pane) -> {
        if (!recordedNames.contains(spec.name())) {
          return real.open(spec, pane);
        }
        HostReport probe = new HostReport(spec.name(), probeFacts, HostFindings.of(spec.name(), probeFacts));
        // Spread the recorded panes over the second, as independent hosts would tick.
        Duration offset = Duration.ofMillis(1000L * phase[0]++ / Math.max(1, recordedNames.size()));
        return new RecordedLink(spec.name(), recording.host(), replay, probe, threads, app.executor(), pane, offset);
      });
      o.real().forEach(h -> hosts.add(HostSpec.configured(h)));
      recordedNames.forEach(h -> hosts.add(HostSpec.configured(h)));
    });
    long addedAt = System.nanoTime();
    await("every recorded pane connected with " + o.containers() + " cards", Duration.ofSeconds(120),
        () -> hosts.panes().size() == o.panes() && hosts.panes().stream().filter(p -> recordedNames.contains(p.name()))
            .allMatch(p -> p.isConnected() && p.cards().size() == o.containers()));
    // A real host may be down for a while (the lab is shared): its pane then shows it reconnecting, and the run says so.
    boolean realReady = awaitQuietly(Duration.ofSeconds(60), () -> hosts.panes().stream()
        .allMatch(p -> p.isConnected() && p.report().isPresent()));
    double shownSeconds = (System.nanoTime() - addedAt) / 1e9;
    Scene scene = Fx.call(stage::getScene);
    PulseMeter pulses = Fx.call(() -> new PulseMeter(scene, LONG_GAP_MS));
    // The meter makes the window pulse on every frame; it starts now so that the first seconds of that
    // (seen as one 70-110 ms gap 1-2 s after it started, whatever the settle time) fall in the settle time.
    Fx.run(pulses::start);
    Thread.sleep(o.settle().toMillis());

    String pipeline = Fx.call(AppBenchmark::prismPipeline);
    long gcCount0 = gcCount();
    long gcTime0 = gcTime();
    long cpu0 = processCpuNanos();
    long render0 = threadCpu("QuantumRenderer");
    Map<String, long[]> sched0 = SchedStats.snapshot();
    long wall0 = System.nanoTime();
    try (RssSampler rss = new RssSampler()) {
      rss.start();
      Fx.run(pulses::restart);
      Thread.sleep(o.seconds() * 1000L);
      Fx.run(pulses::stop);
      double wallSeconds = (System.nanoTime() - wall0) / 1e9;
      Map<String, long[]> sched1 = SchedStats.snapshot();
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("date", startedAt.toString());
      run.put("label", o.label());
      run.put("conditions", conditions(o, pipeline, load0, stage));
      run.put("panes", panes(hosts, recordedNames, o));
      run.put("secondsFromAddingHostsToAllCardsShown", round(shownSeconds));
      run.put("everyRealPaneConnectedAndProbedBeforeTheMeasurement", realReady);
      double[] gaps = pulses.gapMillis();
      double[] layouts = pulses.layoutMillis();
      Map<String, Object> pulse = new LinkedHashMap<>();
      pulse.put("seconds", round(wallSeconds));
      pulse.put("pulses", pulses.pulses());
      pulse.put("maxGapMs", round(gaps.length == 0 ? Double.NaN : gaps[gaps.length - 1]));
      pulse.put("p99GapMs", round(PulseMeter.percentile(gaps, 99)));
      pulse.put("p50GapMs", round(PulseMeter.percentile(gaps, 50)));
      pulse.put("gapsOver50Ms", count(gaps, 50));
      pulse.put("gapsOver" + (int) LONG_GAP_MS + "Ms", count(gaps, LONG_GAP_MS));
      pulse.put("maxLayoutMs", round(layouts.length == 0 ? Double.NaN : layouts[layouts.length - 1]));
      pulse.put("p99LayoutMs", round(PulseMeter.percentile(layouts, 99)));
      pulse.put("longGaps", pulses.longGaps().stream().map(g -> Map.of("atS", round(g.atSeconds()), "ms", round(g.millis()), "fxCpuMs", round(g.fxCpuMillis()))).toList());
      double[] cpu = pulses.gapCpuMillis();
      pulse.put("fxThreadCpuPerGapMaxMs", round(cpu.length == 0 ? Double.NaN : cpu[cpu.length - 1]));
      pulse.put("fxThreadCpuPerGapP99Ms", round(PulseMeter.percentile(cpu, 99)));
      pulse.put("fxThreadCpuPercentOfOneCore", round(100 * java.util.Arrays.stream(cpu).sum() / 1000 / wallSeconds));
      pulse.put("rendererThreadCpuPercentOfOneCore", round(100.0 * (threadCpu("QuantumRenderer") - render0) / 1e9 / wallSeconds));
      run.put("pulses", pulse);
      Map<String, Object> memory = new LinkedHashMap<>();
      memory.put("rssMaxMb", mb(rss.maxKb()));
      memory.put("rssMeanMb", mb(rss.meanKb()));
      memory.put("rssEndMb", mb(rss.lastKb()));
      memory.put("vmHwmMb", mb(RssSampler.status("VmHWM:")));
      memory.put("samples", rss.samples());
      memory.put("heapUsedEndMb", mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024));
      memory.put("heapCommittedEndMb", mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024));
      memory.put("heapMaxMb", mb(Runtime.getRuntime().maxMemory() / 1024));
      memory.put("gcCount", gcCount() - gcCount0);
      memory.put("gcTimeMs", gcTime() - gcTime0);
      run.put("memory", memory);
      run.put("scheduler", SchedStats.between(sched0, sched1, wallSeconds));
      run.put("cpuPressure", readQuietly(Path.of("/proc/pressure/cpu")));
      run.put("processCpuPercentOfOneCore", round(100.0 * (processCpuNanos() - cpu0) / 1e9 / wallSeconds));
      run.put("targets", Map.of(
          "maxGapAtMost50Ms", gaps.length > 0 && gaps[gaps.length - 1] <= 50,
          "rssUnder350Mb", rss.maxKb() < 350 * 1024 && RssSampler.status("VmHWM:") < 350 * 1024));
      run.put("drag", drags(o, scene, hosts, recordedNames));
      run.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      writeProfile(o.outDir().resolve("app-profile.txt"));
      return run;
    } finally {
      Fx.run(() -> {
        hosts.close();
        real.close();
      });
      threads.close();
    }
  }

  private static Map<String, Object> drags(BenchOptions o, Scene scene, HostsViewModel hosts, List<String> recordedNames) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    if (o.drags() == 0 || recordedNames.isEmpty()) {
      out.put("done", false);
      return out;
    }
    List<String> names = Fx.call(() -> hosts.panes().stream().map(HostPaneViewModel::name).toList());
    DragProbe probe = Fx.call(() -> new DragProbe(scene));
    List<Map<String, Object>> each = new ArrayList<>();
    for (int i = 0; i < o.drags(); i++) {
      String from = recordedNames.get(i % recordedNames.size());
      String card = Fx.call(() -> hosts.panes().stream().filter(p -> p.name().equals(from)).findFirst().orElseThrow().cards().get(0).name());
      List<String> others = names.stream().filter(n -> !n.equals(from)).toList();
      DragProbe.Result r = probe.drag("card-" + from + "-" + card, others);
      HostPaneViewModel source = Fx.call(() -> hosts.panes().stream().filter(p -> p.name().equals(from)).findFirst().orElseThrow());
      DragProbe.Result direct = probe.direct(source, card, others);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", from);
      m.put("card", card);
      m.put("dragDetected", r.dragDetected());
      m.put("verdictsInSceneMs", round(r.verdictsInSceneMs()));
      m.put("verdictsRenderedMs", round(r.verdictsRenderedMs()));
      m.put("panesShowing", r.panesShowing());
      m.put("panesExpected", r.panesExpected());
      m.put("viewModelPathVerdictsInSceneMs", round(direct.verdictsInSceneMs()));
      m.put("viewModelPathVerdictsRenderedMs", round(direct.verdictsRenderedMs()));
      m.put("viewModelPathPanesShowing", direct.panesShowing());
      m.put("viewModelPathHandlerMs", round(direct.handlerMs()));
      m.put("viewModelPathVerdictPulseMs", round(direct.firstPulseMs()));
      each.add(m);
      Thread.sleep(500);
    }
    out.put("done", true);
    out.put("method", "pointer: JavaFX Robot (XTest) press on a card, move until DRAG_DETECTED; timed from that event to the pulse"
        + " where every other pane's verdict label is visible with text (in scene) and to the next pulse (that frame rendered)."
        + " viewModelPath: on the FX thread, the call the card's DRAG_DETECTED handler makes (HostPaneViewModel.dragStarted),"
        + " timed the same way, then dragEnded; no OS drag loop");
    out.put("drags", each);
    return out;
  }

  private static Map<String, Object> conditions(BenchOptions o, String pipeline, double load, Window w) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("display", System.getenv().getOrDefault("DISPLAY", ""));
    c.put("glass", System.getProperty("glass.platform", "default (gtk)"));
    c.put("prismPipeline", pipeline);
    c.put("window", (int) w.getWidth() + "x" + (int) w.getHeight());
    c.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    c.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    c.put("mallocArenaMax", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "glibc default"));
    c.put("cpus", Runtime.getRuntime().availableProcessors());
    c.put("niceness", niceness());
    c.put("loadAverageBefore", load);
    c.put("recording", o.recording().toString());
    c.put("settleSeconds", o.settle().toSeconds());
    c.put("pulseMeter", "started at the settle time's start, counting from its end");
    return c;
  }

  private static List<Map<String, Object>> panes(HostsViewModel hosts, List<String> recordedNames, BenchOptions o) throws Exception {
    return Fx.call(() -> hosts.panes().stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("source", recordedNames.contains(p.name()) ? "recorded (" + o.recording().getFileName() + ", real probe recording)" : "real lab host over SSH");
      m.put("cards", p.cards().size());
      m.put("connected", p.isConnected());
      m.put("connection", p.connection().get());
      return m;
    }).toList());
  }

  private static String prismPipeline() {
    try {
      Object p = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
      return p == null ? "none" : p.getClass().getName();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static void await(String what, Duration limit, java.util.function.BooleanSupplier fxCondition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Fx.call(fxCondition::getAsBoolean, limit.toSeconds())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + limit.toSeconds() + " s: " + what);
      }
      Thread.sleep(200);
    }
  }

  /** Field 19 of /proc/self/stat. */
  private static String niceness() {
    String stat = readQuietly(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return f.length > 16 ? f[16] : "unknown";
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p).strip();
    } catch (java.io.IOException e) {
      return "unavailable";
    }
  }

  /** What the heap holds (class histogram, top lines) and, with -XX:NativeMemoryTracking, where the rest of RSS goes. */
  private static void writeProfile(Path file) {
    StringBuilder b = new StringBuilder("# Newest app benchmark run: heap histogram (top 30) and native memory\n\n");
    try {
      javax.management.ObjectName dc = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
      javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      String histo = (String) server.invoke(dc, "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
      histo.lines().limit(33).forEach(l -> b.append(l).append('\n'));
      String nmt = (String) server.invoke(dc, "vmNativeMemory", new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
      b.append("\n").append(nmt);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, b.toString());
    } catch (Exception e) {
      System.err.println("ferry: no profile written: " + e);
    }
  }

  private static boolean awaitQuietly(Duration limit, java.util.function.BooleanSupplier fxCondition) throws Exception {
    try {
      await("", limit, fxCondition);
      return true;
    } catch (IllegalStateException notInTime) {
      return false;
    }
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = Objects.requireNonNull(AppBenchmark.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcTime() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  /** CPU time of the live threads whose name starts with {@code prefix}. */
  private static long threadCpu(String prefix) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(prefix)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static int count(double[] sorted, double over) {
    int n = 0;
    for (double v : sorted) {
      if (v > over) {
        n++;
      }
    }
    return n;
  }

  /** One decimal; null (not reached) for NaN, which JSON cannot hold. */
  static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
  }

  private static Double mb(long kb) {
    return round(kb / 1024.0);
  }
}
