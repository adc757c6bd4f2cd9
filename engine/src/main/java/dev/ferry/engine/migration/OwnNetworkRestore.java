package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.MigrationCriuConfig;
import dev.ferry.engine.probe.HostLimits;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * Brings a restored network namespace of the container's own back to life before its sockets are.
 * runc restores such a namespace (plain {@code runc spec}: {@code {"type": "network"}} with no path)
 * with {@code lo} down, so every TCP socket on 127.0.0.1 fails to come back ("Can't connect inet
 * socket back: Network is unreachable") and a listener restores unreachable (field notes §4, §10).
 * CRIU runs an action script at {@code setup-namespaces}, after it made the namespace and before it
 * restores sockets; Ferry's script brings {@code lo} up there. runc hands CRIU the config file named
 * by the container's {@code org.criu.config} annotation, else /etc/criu/runc.conf; Ferry writes its
 * own file, the host's /etc/criu/runc.conf with one line added, and names it in the annotation of a
 * container that has none. A container that names its own CRIU config is left as it is (the
 * pre-flight says so), as is one in a named namespace or in the host's.
 */
final class OwnNetworkRestore {
  static final String ANNOTATION = "org.criu.config";
  static final String DIR = FerryPaths.STORE + "/criu";
  static final String CONFIG = DIR + "/runc.conf";
  static final String ACTION_SCRIPT = DIR + "/action-script";

  /** What a container's config.json says about its network namespace. */
  enum Kind {
    /** A namespace of its own, made at start (and by CRIU at a restore). */
    OWN,
    /** A named namespace (/run/netns/NAME) or another process's: prepared outside the container. */
    JOINED,
    /** No network namespace: the host's own. */
    HOST
  }

  // Written on every migration: the host's own runc.conf may have changed since. The temporary files
  // carry the shell's pid: two migrations onto one host at once each write their own and rename it
  // (one shared name let one rename the other's file away).
  private static final String INSTALL = MigrationCriuConfig.CRIU_TAKES_CONFIG_SCRIPTS + """
      set -e
      dir=$1; conf=$2; script=$3
      # An older CRIU cannot run a config file's action script under runc (MigrationCriuConfig): the host's file as it is.
      if ! criu_takes_config_scripts "$4"; then
        { cat /etc/criu/runc.conf 2>/dev/null || true; } > "$conf.tmp.$$"; mv -f "$conf.tmp.$$" "$conf"; exit 0
      fi
      mkdir -p "$dir"
      cat > "$script.tmp.$$" <<'EOF'
      #!/bin/sh
      # Ferry: bring lo up in a container's own network namespace when CRIU restores it (runc restores it down).
      [ "$CRTOOLS_SCRIPT_ACTION" = setup-namespaces ] || exit 0
      [ -n "$CRTOOLS_INIT_PID" ] || exit 0
      exec nsenter -t "$CRTOOLS_INIT_PID" -n ip link set lo up
      EOF
      chmod 755 "$script.tmp.$$"; mv -f "$script.tmp.$$" "$script"
      { cat /etc/criu/runc.conf 2>/dev/null || true; printf '\\n# Ferry: lo up in restored network namespaces\\naction-script %s\\n' "$script"; } > "$conf.tmp.$$"
      mv -f "$conf.tmp.$$" "$conf"
      """;

  private static final String REWRITE = """
      set -e
      printf '%s\\n' "$2" > "$1.ferry-tmp.$$"
      mv -f "$1.ferry-tmp.$$" "$1"
      """;

  private OwnNetworkRestore() {}

  static Kind kind(JsonNode config) {
    for (JsonNode n : config.path("linux").path("namespaces")) {
      if (n.path("type").asText().equals("network")) {
        return n.path("path").asText("").isEmpty() ? Kind.OWN : Kind.JOINED;
      }
    }
    return Kind.HOST;
  }

  /** The container's own CRIU config file, if its config.json names one other than Ferry's. */
  static Optional<String> foreignCriuConfig(JsonNode config) {
    String named = config.path("annotations").path(ANNOTATION).asText(null);
    return named == null || named.equals(CONFIG) ? Optional.empty() : Optional.of(named);
  }

  /**
   * The config.json with Ferry's CRIU config named in its annotations, when its restore needs it and it
   * names none; empty when it needs no change.
   */
  static Optional<String> annotated(String configJson) {
    try {
      JsonNode config = Json.MAPPER.readTree(configJson);
      if (!(config instanceof ObjectNode root) || kind(config) != Kind.OWN || config.path("annotations").has(ANNOTATION)) {
        return Optional.empty();
      }
      JsonNode a = root.path("annotations");
      ObjectNode annotations = a instanceof ObjectNode o ? o : root.putObject("annotations");
      annotations.put(ANNOTATION, CONFIG);
      return Optional.of(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes the restore of a container with a namespace of its own bring {@code lo} up: Ferry's CRIU
   * config on both hosts, and the annotation in the bundle's config.json on the source (the file
   * copy brings it to the destination). Returns whether the container needed it.
   */
  static boolean prepare(SshHost source, SshHost destination, String bundle, String configJson) {
    JsonNode config;
    try {
      config = Json.MAPPER.readTree(configJson);
    } catch (IOException e) {
      return false;
    }
    if (kind(config) != Kind.OWN || foreignCriuConfig(config).isPresent()) {
      return false;
    }
    Optional<String> changed = annotated(configJson);
    for (SshHost h : new SshHost[] {source, destination}) {
      Command c = Command.script(INSTALL, DIR, CONFIG, ACTION_SCRIPT, HostLimits.criuMinimum());
      h.exec(c).orThrow(h.name(), c);
    }
    if (changed.isPresent()) {
      Command c = Command.script(REWRITE, bundle + "/config.json", changed.get());
      source.exec(c).orThrow(source.name(), c);
    }
    return true;
  }
}
