package dev.ferry.engine.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host alias resolved by OpenSSH itself: {@code ssh -G ALIAS} prints every option as ssh would use
 * it (Include, Match, Host * defaults, tokens, the system-wide files), without connecting. Several
 * config files are given to it as one file of {@code Include} lines, in order, so the first value
 * still wins. Where ssh is missing or fails, {@link #resolve} is empty and the caller falls back to
 * {@link SshConfigFile}.
 */
public final class OpenSshConfig {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSshConfig.class);
  // ssh -G reads files only; it answers in milliseconds. A hung ssh (a Match exec) must not hang the engine.
  private static final long TIMEOUT_SECONDS = 10;
  private static final int MAX_JUMP_DEPTH = 8;

  private final String ssh;
  private final Path home;

  /** {@code ssh} from the PATH, with {@code home} for ~ in the paths it prints. */
  public OpenSshConfig(Path home) {
    this("ssh", home);
  }

  OpenSshConfig(String ssh, Path home) {
    this.ssh = ssh;
    this.home = home;
  }

  /** What OpenSSH makes of {@code alias} with these files (read in order); empty if OpenSSH cannot say. */
  public Optional<SshTarget> resolve(List<Path> configFiles, String alias) {
    return resolve(configFiles, alias, 0);
  }

  private Optional<SshTarget> resolve(List<Path> configFiles, String alias, int depth) {
    if (depth > MAX_JUMP_DEPTH) {
      throw new IllegalArgumentException("ProxyJump chain for " + alias + " is longer than " + MAX_JUMP_DEPTH + " hops; is it a loop?");
    }
    Path combined = null;
    try {
      combined = Files.createTempFile("ferry-ssh-config", ".conf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      StringBuilder includes = new StringBuilder("# Written by Ferry for ssh -G: the config files it reads, in order.\n");
      for (Path f : configFiles) {
        if (Files.isRegularFile(f)) {
          includes.append("Include \"").append(f.toAbsolutePath()).append("\"\n");
        }
      }
      Files.writeString(combined, includes.toString());
      Process p = new ProcessBuilder(ssh, "-G", "-F", combined.toString(), "--", alias).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("ssh -G {} took over {} s; reading the ssh config with Ferry's own reader", alias, TIMEOUT_SECONDS);
        return Optional.empty();
      }
      if (p.exitValue() != 0) {
        LOG.warn("ssh -G {} failed ({}); reading the ssh config with Ferry's own reader", alias, err);
        return Optional.empty();
      }
      return Optional.of(parse(alias, new String(out, StandardCharsets.UTF_8), hop -> hop(configFiles, hop, depth)));
    } catch (NoAnswer e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.debug("no OpenSSH to resolve {} ({}); reading the ssh config with Ferry's own reader", alias, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (combined != null) {
        try {
          Files.deleteIfExists(combined);
        } catch (IOException e) {
          LOG.debug("could not delete {}: {}", combined, e.getMessage());
        }
      }
    }
  }

  /** A hop OpenSSH could not resolve: the whole alias is then left to the fallback reader. */
  private static final class NoAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** One ProxyJump hop, {@code [user@]host[:port]}, its host resolved by OpenSSH too. */
  private SshTarget hop(List<Path> configFiles, String hop, int depth) {
    Destination d = Destination.parse(hop);
    String user = d.user();
    int port = d.port();
    Optional<SshTarget> t = resolve(configFiles, d.host(), depth + 1);
    if (t.isEmpty()) {
      throw new NoAnswer();
    }
    SshTarget h = t.get();
    return new SshTarget(hop, h.hostName(), port > 0 ? port : h.port(), user != null ? user : h.user(), h.identityFiles(),
        h.knownHostsFiles(), h.jumpHosts(), h.agentSocket(), h.agentUse());
  }

  /** {@code ssh -G}'s output ("keyword value" per line; IdentityFile once per file) as a target, its hops resolved by {@code hops}. */
  SshTarget parse(String alias, String out, java.util.function.Function<String, SshTarget> hops) {
    Map<String, List<String>> v = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      int sp = line.indexOf(' ');
      if (sp > 0) {
        v.computeIfAbsent(line.substring(0, sp).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(line.substring(sp + 1).strip());
      }
    }
    String hostName = one(v, "hostname", alias);
    int port = Integer.parseInt(one(v, "port", "22"));
    String user = one(v, "user", System.getProperty("user.name"));
    List<Path> ids = v.getOrDefault("identityfile", List.of()).stream().map(this::path).toList();
    List<Path> known = new ArrayList<>();
    for (String key : List.of("userknownhostsfile", "globalknownhostsfile")) {
      for (String f : SshConfigFile.splitWords(one(v, key, ""))) {
        if (!f.equalsIgnoreCase("none")) {
          known.add(path(f));
        }
      }
    }
    List<SshTarget> jumps = new ArrayList<>();
    String proxyJump = one(v, "proxyjump", "none");
    if (!proxyJump.equalsIgnoreCase("none")) {
      // Each hop is resolved by OpenSSH too, with the same files: what `ssh -J` would do.
      for (String hop : proxyJump.split(",")) {
        jumps.add(hops.apply(hop.strip()));
      }
    }
    String agentValue = one(v, "identityagent", "SSH_AUTH_SOCK");
    Optional<Path> agent = agentValue.equalsIgnoreCase("none") || agentValue.equals("SSH_AUTH_SOCK") ? Optional.empty() : Optional.of(path(agentValue));
    SshTarget.AgentUse agentUse = agentValue.equalsIgnoreCase("none") ? SshTarget.AgentUse.NONE
        : one(v, "identitiesonly", "no").equalsIgnoreCase("yes") ? SshTarget.AgentUse.MATCHING_IDENTITY_FILES : SshTarget.AgentUse.ANY;
    return new SshTarget(alias, hostName, port, user, ids, known, jumps, agent, agentUse);
  }

  private static String one(Map<String, List<String>> v, String key, String fallback) {
    List<String> values = v.get(key);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }

  private Path path(String value) {
    return value.startsWith("~/") ? home.resolve(value.substring(2)) : Path.of(value);
  }
}
