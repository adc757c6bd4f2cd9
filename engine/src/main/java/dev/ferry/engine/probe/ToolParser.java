package dev.ferry.engine.probe;

import dev.ferry.engine.probe.ProbeSections.Section;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tool half of {@link ProbeParser}: CRIU, the container runtimes, rsync and the network lock,
 * each read from its own sections of the probe's output.
 */
final class ToolParser {
  // "Version: 4.2.1", "runc version 1.1.5+ds1", "rsync  version 3.5.0  protocol version 32".
  private static final Pattern VERSION = Pattern.compile("(?i)version:?\\s+(\\S+)");
  private static final Pattern NETWORK_LOCK = Pattern.compile("^\\s*(?:--)?network-lock[\\s=]+(\\S+)");
  // Podman's own log lines on stderr, around the answer: time="..." level=warning msg="...".
  private static final String PODMAN_LOG_LINE = "time=";

  private final ProbeSections sections;
  private final Map<String, String> paths;

  ToolParser(ProbeSections sections) {
    this.sections = sections;
    this.paths = sections.keyValues("tools");
  }

  CriuInfo criu() {
    String path = paths.getOrDefault("criu", "");
    if (path.isEmpty()) {
      return CriuInfo.absent();
    }
    Set<CriuFeature> features = EnumSet.noneOf(CriuFeature.class);
    for (CriuFeature f : CriuFeature.values()) {
      if (sections.get("criu-feature." + f.criuName()).filter(Section::ok).isPresent()) {
        features.add(f);
      }
    }
    Section check = sections.get("criu-check").orElse(new Section("criu-check", "", ProbeSections.UNFINISHED));
    String output = check.exitStatus() == ProbeSections.TIMED_OUT
        ? "criu check did not finish in time and was stopped." : check.body().strip();
    return new CriuInfo(path, version("criu-version"), check.ok(), output, features);
  }

  List<RuntimeInfo> runtimes(CriuInfo criu) {
    boolean criuWorks = criu.installed() && criu.checkPassed();
    String runc = paths.getOrDefault(RuntimeInfo.RUNC, "");
    String podman = paths.getOrDefault(RuntimeInfo.PODMAN, "");
    List<RuntimeInfo> found = new ArrayList<>();
    if (!runc.isEmpty()) {
      found.add(new RuntimeInfo(RuntimeInfo.RUNC, runc, version("runc-version"), RuntimeInfo.RUNC, criuWorks));
    }
    if (!podman.isEmpty()) {
      // Ferry runs Podman's containers with --runtime runc, so runc must be there whatever the default.
      found.add(new RuntimeInfo(RuntimeInfo.PODMAN, podman, version("podman-version"), podmanRuntime(), criuWorks && !runc.isEmpty()));
    }
    return found;
  }

  ToolInfo rsync() {
    String path = paths.getOrDefault("rsync", "");
    return path.isEmpty() ? ToolInfo.absent("rsync") : new ToolInfo("rsync", path, version("rsync-version"));
  }

  NetworkLock networkLock(CriuInfo criu) {
    String configured = "";
    String file = "";
    // grep -H prints "FILE:LINE"; files come in CRIU's reading order, so the last setting wins.
    for (String line : sections.body("criu-config").split("\n")) {
      int colon = line.indexOf(':');
      Matcher m = NETWORK_LOCK.matcher(colon < 0 ? "" : line.substring(colon + 1));
      if (m.find()) {
        configured = m.group(1);
        file = line.substring(0, colon);
      }
    }
    return new NetworkLock(configured, file, !paths.getOrDefault("iptables-restore", "").isEmpty(),
        !paths.getOrDefault("nft", "").isEmpty(), criu.supports(CriuFeature.NETWORK_LOCK_NFTABLES));
  }

  private String podmanRuntime() {
    Section s = sections.get("podman-runtime").filter(Section::ok).orElse(null);
    if (s == null) {
      return "";
    }
    return s.body().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith(PODMAN_LOG_LINE))
        .reduce((first, second) -> second).orElse("");
  }

  /** The version a tool printed in its section, or "" when it printed none or failed. */
  private String version(String section) {
    String body = sections.get(section).filter(Section::ok).map(Section::body).orElse("");
    Matcher m = VERSION.matcher(body);
    return m.find() ? m.group(1) : "";
  }
}
