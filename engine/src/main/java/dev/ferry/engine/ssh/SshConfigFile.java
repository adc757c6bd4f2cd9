package dev.ferry.engine.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OpenSSH client configuration files (ssh_config(5)) and resolves a host alias the way
 * {@code ssh} does: blocks are matched in order, the first value found for a keyword wins, except
 * IdentityFile which accumulates. Understands Host patterns with {@code *}, {@code ?} and
 * {@code !negation}, and the keywords Ferry needs: HostName, Port, User, IdentityFile, ProxyJump,
 * UserKnownHostsFile, IdentityAgent. Other keywords are kept but ignored.
 */
public final class SshConfigFile {
  private static final int MAX_JUMP_DEPTH = 8;

  private record Block(List<String> patterns, Map<String, List<String>> values) {}

  private final List<Block> blocks;
  private final Path home;

  private SshConfigFile(List<Block> blocks, Path home) {
    this.blocks = blocks;
    this.home = home;
  }

  /** Parses several files as if concatenated, in order (the first value for a keyword wins). */
  public static SshConfigFile read(List<Path> files, Path home) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        all.append(Files.readString(f)).append('\n');
      }
    }
    return parse(all.toString(), home);
  }

  public static SshConfigFile parse(String text, Path home) {
    List<Block> blocks = new ArrayList<>();
    Block current = new Block(List.of("*"), new LinkedHashMap<>());
    blocks.add(current);
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = splitWords(line);
      if (words.isEmpty()) {
        continue;
      }
      String keyword = words.get(0).toLowerCase(Locale.ROOT);
      List<String> args = words.subList(1, words.size());
      if (keyword.equals("host")) {
        current = new Block(List.copyOf(args), new LinkedHashMap<>());
        blocks.add(current);
      } else if (keyword.equals("match")) {
        // Match blocks need runtime conditions we do not evaluate; skip their contents safely.
        current = new Block(List.of("!*"), new LinkedHashMap<>());
        blocks.add(current);
      } else if (!args.isEmpty()) {
        current.values().computeIfAbsent(keyword, k -> new ArrayList<>()).add(String.join(" ", args));
      }
    }
    return new SshConfigFile(blocks, home);
  }

  /** Resolves an alias into a target, with the given defaults for anything the files leave open. */
  public SshTarget resolve(String alias, String defaultUser) {
    return resolve(alias, defaultUser, 0);
  }

  private SshTarget resolve(String alias, String defaultUser, int depth) {
    if (depth > MAX_JUMP_DEPTH) {
      throw new IllegalArgumentException("ProxyJump chain for " + alias + " is longer than " + MAX_JUMP_DEPTH + " hops; is it a loop?");
    }
    String user = null;
    int port = -1;
    String target = alias;
    int at = target.lastIndexOf('@');
    if (at > 0) {
      user = target.substring(0, at);
      target = target.substring(at + 1);
    }
    int colon = target.lastIndexOf(':');
    if (colon > 0 && target.indexOf(':') == colon) {
      port = parsePort(target.substring(colon + 1), alias);
      target = target.substring(0, colon);
    }
    Map<String, String> first = new LinkedHashMap<>();
    List<String> identities = new ArrayList<>();
    for (Block b : blocks) {
      if (!HostPatterns.matches(b.patterns(), target)) {
        continue;
      }
      for (Map.Entry<String, List<String>> e : b.values().entrySet()) {
        if (e.getKey().equals("identityfile")) {
          identities.addAll(e.getValue());
        } else {
          first.putIfAbsent(e.getKey(), e.getValue().get(0));
        }
      }
    }
    String hostName = first.getOrDefault("hostname", target).replace("%h", target);
    if (user == null) {
      user = first.getOrDefault("user", defaultUser);
    }
    if (port < 0) {
      port = first.containsKey("port") ? parsePort(first.get("port"), alias) : 22;
    }
    List<Path> idFiles = new ArrayList<>();
    for (String id : identities) {
      idFiles.add(expand(id, target, hostName, user));
    }
    if (idFiles.isEmpty()) {
      for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
        idFiles.add(home.resolve(".ssh").resolve(name));
      }
    }
    List<Path> knownHosts = new ArrayList<>();
    String khValue = first.get("userknownhostsfile");
    if (khValue != null) {
      for (String f : splitWords(khValue)) {
        knownHosts.add(expand(f, target, hostName, user));
      }
    } else {
      knownHosts.add(home.resolve(".ssh").resolve("known_hosts"));
    }
    List<SshTarget> jumps = new ArrayList<>();
    String proxyJump = first.get("proxyjump");
    if (proxyJump != null && !proxyJump.equalsIgnoreCase("none")) {
      for (String hop : proxyJump.split(",")) {
        jumps.add(resolve(hop.strip(), defaultUser, depth + 1));
      }
    }
    String agentValue = first.get("identityagent");
    Optional<Path> agent = agentValue == null || agentValue.equalsIgnoreCase("none") || agentValue.equals("SSH_AUTH_SOCK")
        ? Optional.empty() : Optional.of(expand(agentValue, target, hostName, user));
    SshTarget.AgentUse agentUse = "none".equalsIgnoreCase(agentValue) ? SshTarget.AgentUse.NONE
        : "yes".equalsIgnoreCase(first.get("identitiesonly")) ? SshTarget.AgentUse.MATCHING_IDENTITY_FILES : SshTarget.AgentUse.ANY;
    return new SshTarget(alias, hostName, port, user, idFiles, knownHosts, jumps, agent, agentUse);
  }

  /** The concrete (pattern-free) Host names in the files, in order: the hosts a user has named. */
  public List<String> hostAliases() {
    List<String> names = new ArrayList<>();
    for (Block b : blocks) {
      for (String p : b.patterns()) {
        if (!p.contains("*") && !p.contains("?") && !p.startsWith("!") && !names.contains(p)) {
          names.add(p);
        }
      }
    }
    return names;
  }

  private Path expand(String value, String alias, String hostName, String user) {
    String v = value;
    if (v.startsWith("~/") || v.equals("~")) {
      v = home + v.substring(1);
    }
    v = v.replace("%d", home.toString()).replace("%u", user).replace("%r", user)
        .replace("%n", alias).replace("%h", hostName).replace("%%", "%");
    return Path.of(v);
  }

  private static int parsePort(String value, String alias) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + value + "' for " + alias + " is not a number", e);
    }
  }

  /** Splits a config line into words: whitespace or '=' separated, double quotes group. */
  static List<String> splitWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean keywordDone = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (Character.isWhitespace(c) || (c == '=' && !keywordDone))) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
          keywordDone = true;
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }
}
