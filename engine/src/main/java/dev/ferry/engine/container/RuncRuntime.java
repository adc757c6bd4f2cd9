package dev.ferry.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * runc on a host, for containers whose bundles live in Ferry's store. Listing is one round trip:
 * {@code runc list} plus {@code runc events --stats} for each container, so memory and process
 * counts come with the states.
 */
public final class RuncRuntime extends HostRuntime {
  static final String NAME = "runc";
  // How long a container gets to act on SIGTERM before it is killed (docker stop's default is 10 s).
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final String STATS_MARK = "@@ferry-stats ";

  private static final String LIST_SCRIPT = """
      runc list --format json || exit $?
      echo
      for id in $(runc list -q); do
        printf '%s%s\\n' "$1" "$id"
        runc events --stats "$id" 2>/dev/null | tr -d '\\n'
        echo
      done
      """;

  // On the host, in one round trip: the grace period is polled there, not over SSH.
  private static final String STOP_SCRIPT = RuncStatus.SHELL_FUNCTION + """
      runc kill "$1" TERM 2>/dev/null || exit 0
      i=0
      while [ $i -lt "$2" ]; do
        [ "$(runc_status "$1")" = stopped ] && exit 0
        sleep 0.1; i=$((i+1))
      done
      runc kill "$1" KILL 2>/dev/null || true
      """;

  private static final String RUN_SCRIPT = "exec runc run -d --bundle \"$1\" \"$2\" </dev/null >/dev/null 2>&1";

  public RuncRuntime(RemoteHost host) {
    super(host, NAME);
  }

  @Override
  public List<ContainerInfo> list() {
    ExecResult r = host.exec(Command.script(LIST_SCRIPT, STATS_MARK));
    if (r.exitCode() == 127) {
      throw new IllegalStateException("runc is not installed on " + host.name() + "; install the runc package.");
    }
    r.orThrow(host.name(), Command.of("runc", "list"));
    return parseList(r.stdout());
  }

  List<ContainerInfo> parseList(String out) {
    int firstMark = out.indexOf(STATS_MARK);
    String listJson = firstMark < 0 ? out : out.substring(0, firstMark);
    Map<String, JsonNode> stats = new HashMap<>();
    if (firstMark >= 0) {
      String[] lines = out.substring(firstMark).split("\n");
      for (int i = 0; i + 1 < lines.length; i += 2) {
        if (lines[i].startsWith(STATS_MARK) && !lines[i + 1].isBlank()) {
          stats.put(lines[i].substring(STATS_MARK.length()).strip(), readTree(lines[i + 1]));
        }
      }
    }
    List<ContainerInfo> all = new ArrayList<>();
    JsonNode list = readTree(listJson.isBlank() ? "null" : listJson);
    if (list == null || !list.isArray()) {
      return all;
    }
    for (JsonNode c : list) {
      if (!managedByPodman(c.path("bundle").asText())) {
        all.add(toInfo(c, stats.get(c.path("id").asText())));
      }
    }
    return all;
  }

  /** Podman runs its containers through runc too; those belong to {@link PodmanRuntime}. */
  private static boolean managedByPodman(String bundle) {
    return bundle.startsWith("/var/lib/containers/") || bundle.startsWith("/run/containers/") || bundle.contains("/overlay-containers/");
  }

  private ContainerInfo toInfo(JsonNode c, JsonNode stats) {
    JsonNode data = stats == null ? null : stats.path("data");
    OptionalLong memory = data == null ? OptionalLong.empty() : optional(data.path("memory").path("usage").path("usage"));
    OptionalLong pids = data == null ? OptionalLong.empty() : optional(data.path("pids").path("current"));
    Instant created = c.hasNonNull("created") ? Instant.parse(c.get("created").asText()) : Instant.EPOCH;
    return new ContainerInfo(c.path("id").asText(), NAME, ContainerState.parse(c.path("status").asText()),
        c.path("pid").asInt(), c.path("bundle").asText(), c.path("rootfs").asText(), created, memory, pids, OptionalLong.empty());
  }

  private static OptionalLong optional(JsonNode n) {
    return n.isNumber() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }

  private JsonNode readTree(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("runc printed something Ferry cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public ContainerInfo inspect(ContainerName id) {
    ContainerInfo info = list().stream().filter(c -> c.id().equals(id.value())).findFirst()
        .orElseThrow(() -> new ContainerNotFoundException(host.name(), id, NAME));
    ExecResult du = host.exec(Command.of("du", "-sxb", info.rootfs()), Duration.ofSeconds(30));
    OptionalLong size = du.ok() ? OptionalLong.of(Long.parseLong(du.stdout().split("\\s+")[0])) : OptionalLong.empty();
    return new ContainerInfo(info.id(), info.runtime(), info.state(), info.initPid(), info.bundle(), info.rootfs(),
        info.created(), info.memoryBytes(), info.processCount(), size);
  }

  @Override
  public void start(ContainerName id) {
    ContainerInfo existing = list().stream().filter(c -> c.id().equals(id.value())).findFirst().orElse(null);
    if (existing != null && existing.state() == ContainerState.CREATED) {
      run(Command.of("runc", "start", id.value()));
      return;
    }
    if (existing != null && existing.state() == ContainerState.STOPPED) {
      run(Command.of("runc", "delete", id.value()));
    } else if (existing != null) {
      return; // already running or paused
    }
    String bundle = existing != null ? existing.bundle() : FerryPaths.bundle(id);
    run(Command.script(RUN_SCRIPT, bundle, id.value()));
  }

  @Override
  public void stop(ContainerName id) {
    long polls = STOP_GRACE.toMillis() / 100;
    run(Command.script(STOP_SCRIPT, id.value(), Long.toString(polls)));
  }

  @Override
  public void pause(ContainerName id) {
    run(Command.of("runc", "pause", id.value()));
  }

  @Override
  public void resume(ContainerName id) {
    run(Command.of("runc", "resume", id.value()));
  }

  @Override
  public void delete(ContainerName id) {
    run(Command.of("runc", "delete", "--force", id.value()));
  }

  private void run(Command c) {
    host.exec(c).orThrow(host.name(), c);
  }
}
