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
 * {@code !negation}, {@code Include} (globs; relative names under ~/.ssh), {@code Match} with
 * {@code all}, {@code host}, {@code originalhost}, {@code user} and {@code localuser} (others, such
 * as {@code exec}, never match here), and the keywords Ferry needs: HostName, Port, User,
 * IdentityFile, ProxyJump, UserKnownHostsFile, GlobalKnownHostsFile, IdentityAgent. Other keywords
 * are kept but ignored. Where OpenSSH is installed, {@link OpenSshConfig} asks {@code ssh -G} instead;
 * this reader is the fallback (Windows without OpenSSH) and is tested to agree with it.
 */
public final class SshConfigFile {
  private static final int MAX_JUMP_DEPTH = 8;
  // OpenSSH's own limit on nested Include (readconf.c, READCONF_MAX_DEPTH).
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** What a Match line can test: the name as typed, the host name resolved so far, the remote and the local user. */
  private record Subject(String original, String host, String user, String localUser) {}

  /** A Host block has patterns (for {@link #hostAliases}); a Match block has only its condition. */
  private record Block(List<String> patterns, java.util.function.Predicate<Subject> when, Map<String, List<String>> values) {
    static Block host(List<String> patterns) {
      return new Block(List.copyOf(patterns), s -> HostPatterns.matches(patterns, s.original()), new LinkedHashMap<>());
    }
  }

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
    blocks.add(Block.host(List.of("*")));
    parseInto(text, home, blocks, 0);
    return new SshConfigFile(blocks, home);
  }

  private static void parseInto(String text, Path home, List<Block> blocks, int depth) {
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
      Block current = blocks.get(blocks.size() - 1);
      if (keyword.equals("host")) {
        blocks.add(Block.host(args));
      } else if (keyword.equals("match")) {
        blocks.add(new Block(List.of(), matchCondition(args), new LinkedHashMap<>()));
      } else if (keyword.equals("include")) {
        include(args, home, blocks, depth);
      } else if (!args.isEmpty()) {
        current.values().computeIfAbsent(keyword, k -> new ArrayList<>()).add(String.join(" ", args));
      }
    }
  }

  /**
   * Include: each argument a file or glob, ~/.ssh/NAME when not absolute (as for a user's own config),
   * read in place as OpenSSH does; matching files in name order; a missing file is no error.
   */
  private static void include(List<String> args, Path home, List<Block> blocks, int depth) {
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw new IllegalArgumentException("ssh config: Include nested deeper than " + MAX_INCLUDE_DEPTH + " levels; is it a loop?");
    }
    for (String arg : args) {
      String name = arg.startsWith("~/") ? home + arg.substring(1) : arg;
      Path pattern = Path.of(name).isAbsolute() ? Path.of(name) : home.resolve(".ssh").resolve(name);
      Path dir = pattern.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      java.nio.file.PathMatcher glob = dir.getFileSystem().getPathMatcher("glob:" + pattern.getFileName());
      List<Path> files;
      try (java.util.stream.Stream<Path> list = Files.list(dir)) {
        files = list.filter(f -> glob.matches(f.getFileName()) && Files.isRegularFile(f)).sorted().toList();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("ssh config: cannot list " + dir + " for Include " + arg + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        try {
          parseInto(Files.readString(f), home, blocks, depth + 1);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("ssh config: cannot read " + f + " (Include " + arg + "): " + e.getMessage(), e);
        }
      }
    }
  }

  /** A Match line's criteria, all of which must hold; a criterion this reader cannot evaluate never holds. */
  private static java.util.function.Predicate<Subject> matchCondition(List<String> args) {
    java.util.function.Predicate<Subject> all = s -> true;
    for (int i = 0; i < args.size(); i++) {
      String raw = args.get(i).toLowerCase(Locale.ROOT);
      boolean negated = raw.startsWith("!");
      String criterion = negated ? raw.substring(1) : raw;
      java.util.function.Predicate<Subject> one;
      if (criterion.equals("all")) {
        one = s -> true;
      } else if (List.of("host", "originalhost", "user", "localuser").contains(criterion) && i + 1 < args.size()) {
        List<String> patterns = List.of(args.get(++i));
        one = switch (criterion) {
          case "host" -> s -> HostPatterns.matches(patterns, s.host());
          case "originalhost" -> s -> HostPatterns.matches(patterns, s.original());
          case "user" -> s -> HostPatterns.matches(patterns, s.user());
          default -> s -> HostPatterns.matches(patterns, s.localUser());
        };
      } else {
        // exec, canonical, final, tagged, localnetwork...: OpenSSH's own resolution (ssh -G) covers them.
        return s -> false;
      }
      java.util.function.Predicate<Subject> test = negated ? one.negate() : one;
      all = all.and(test);
    }
    return all;
  }

  /** Resolves an alias into a target, with the given defaults for anything the files leave open. */
  public SshTarget resolve(String alias, String defaultUser) {
    return resolve(alias, defaultUser, 0);
  }

  private SshTarget resolve(String alias, String defaultUser, int depth) {
    if (depth > MAX_JUMP_DEPTH) {
      throw new IllegalArgumentException("ProxyJump chain for " + alias + " is longer than " + MAX_JUMP_DEPTH + " hops; is it a loop?");
    }
    Destination d = Destination.parse(alias);
    String user = d.user();
    int port = d.port();
    String target = d.host();
    Map<String, String> first = new LinkedHashMap<>();
    List<String> identities = new ArrayList<>();
    String localUser = System.getProperty("user.name");
    for (Block b : blocks) {
      Subject subject = new Subject(target, first.getOrDefault("hostname", target).replace("%h", target),
          user != null ? user : first.getOrDefault("user", defaultUser), localUser);
      if (!b.when().test(subject)) {
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
      knownHosts.add(home.resolve(".ssh").resolve("known_hosts2"));
    }
    // The system-wide files come after the user's (new keys are remembered in the user's first file).
    String globalValue = first.getOrDefault("globalknownhostsfile", "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2");
    for (String f : splitWords(globalValue)) {
      if (!f.equalsIgnoreCase("none")) {
        knownHosts.add(expand(f, target, hostName, user));
      }
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
