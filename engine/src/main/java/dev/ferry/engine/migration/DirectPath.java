package dev.ferry.engine.migration;

import dev.ferry.engine.probe.IpJson;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostKeyInfo;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.ShellQuote;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-to-host transfer with credentials that exist for one migration only. The source generates a
 * fresh key pair in the migration's work folder; the destination accepts its public key (restricted:
 * no forwarding, no terminal) until the migration ends; the source trusts exactly the destination
 * key this client already verified. One multiplexed SSH master connection then carries every rsync,
 * so no handshake happens while the container is frozen (field notes §2: -25% freeze time). Closing
 * removes the key from the destination and the key files from the source.
 */
final class DirectPath implements TransferPath {
  private static final Logger LOG = LoggerFactory.getLogger(DirectPath.class);
  // Probing one candidate address must not hold a migration up for long.
  private static final int PROBE_CONNECT_TIMEOUT_S = 3;
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(30);
  private static final Pattern SENT = Pattern.compile("Total bytes sent: ([0-9,.]+)");

  private static final String SETUP_SOURCE = """
      set -e
      mkdir -p "$1" && chmod 700 "$1"
      rm -f "$1/key" "$1/key.pub"
      ssh-keygen -q -t ed25519 -N '' -C "$2" -f "$1/key"
      cat "$1/key.pub"
      """;

  // The key outlives no migration by much: two 30-minute copies and a 10-minute restore fit in it.
  private static final int KEY_VALID_HOURS = 3;

  // Tries each candidate address of the destination; prints the first that accepts the key. AES-GCM
  // first: between lab hosts it moved ~370 MB/s against chacha20's ~220 MB/s (field notes §6).
  private static final String OPEN_MASTER = """
      dir=$1; user=$2; timeout=$3; shift 3
      for addr in "$@"; do
        if ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout="$timeout" -o StrictHostKeyChecking=yes \
            -o UserKnownHostsFile="$dir/known_hosts" -o IdentitiesOnly=yes -i "$dir/key" \
            -o Ciphers=aes128-gcm@openssh.com,chacha20-poly1305@openssh.com -o ControlMaster=yes -o ControlPath="$dir/ctl" -o ControlPersist=900 -f -N "$user@$addr" 2>"$dir/ssh.err"; then
          echo "$addr"; exit 0
        fi
      done
      cat "$dir/ssh.err" >&2; exit 1
      """;

  private static final String RSYNC = """
      dir=$1; user=$2; addr=$3; src=$4; dst=$5; mkdst=$6
      rsync -aHSx --numeric-ids --delete --stats --rsync-path="$mkdst" \
        -e "ssh -F /dev/null -o BatchMode=yes -o ControlPath=$dir/ctl -o UserKnownHostsFile=$dir/known_hosts -i $dir/key" \
        "$src/" "$user@$addr:$dst/"
      """;

  // One tar stream into the master connection: no rsync start-up at both ends and no file-list exchange, which cost
  // ~100 ms for a dump of 50-70 KB while frozen. tar's own exit code comes back through a file (sh has no pipefail).
  private static final String SHIP = """
      dir=$1; user=$2; addr=$3; src=$4; remote=$5
      ( tar -C "$src" --numeric-owner --totals -cpf - . 2>"$dir/ship.err"; echo $? > "$dir/ship.rc" ) \
        | ssh -F /dev/null -o BatchMode=yes -o ControlPath="$dir/ctl" -o UserKnownHostsFile="$dir/known_hosts" -i "$dir/key" \
          "$user@$addr" "$remote"
      rc=$?; trc=$(cat "$dir/ship.rc" 2>/dev/null || echo 1)
      cat "$dir/ship.err"; rm -f "$dir/ship.err" "$dir/ship.rc"
      [ "$trc" = 0 ] || { echo "ferry: tar of $src ended with $trc" >&2; exit "$trc"; }
      exit $rc
      """;
  private static final Pattern WRITTEN = Pattern.compile("Total bytes written: ([0-9]+)");

  // The dump's page stream: CRIU's page server on the destination's loopback (it takes one dump and exits), reached
  // from the source's loopback through a forward of the master connection, so the pages are encrypted in transit
  // and no port opens to the network. A port in a range no common service uses; the migration key may open only it.
  private static final int STREAM_PORT_BASE = 28000;
  private static final int STREAM_PORT_RANGE = 1000;
  private static final String PAGE_SERVER = """
      dir=$1; port=$2; pidfile=$3; log=$4
      mkdir -p "$dir" "${pidfile%/*}" || exit 1
      rm -f "$pidfile"
      criu page-server -d --images-dir "$dir" --address 127.0.0.1 --port "$port" --pidfile "$pidfile" -o "$log" -v2 </dev/null >/dev/null 2>&1 \
        || { tail -n 3 "$log" >&2; exit 1; }
      """;
  private static final String FORWARD = """
      dir=$1; user=$2; addr=$3; port=$4
      ssh -F /dev/null -o BatchMode=yes -o ControlPath="$dir/ctl" -o ExitOnForwardFailure=yes -O forward \
        -L "127.0.0.1:$port:127.0.0.1:$port" "$user@$addr"
      """;
  // Only a page server this migration started, which still runs (it ends by itself after the dump).
  private static final String STOP_PAGE_SERVER = """
      [ -f "$1" ] || exit 0
      p=$(cat "$1"); rm -f "$1"
      case $p in *[!0-9]*|'') exit 0 ;; esac
      grep -qa 'page-server' "/proc/$p/cmdline" 2>/dev/null && kill "$p" 2>/dev/null; true
      """;

  private final RemoteHost source;
  private final RemoteHost destination;
  private final String workDir;
  private final int streamPort = STREAM_PORT_BASE + new java.security.SecureRandom().nextInt(STREAM_PORT_RANGE);
  private String pageServerPidFile;
  private final String user;
  private final String keyComment;
  private String publicKey;
  private String address;

  private DirectPath(RemoteHost source, RemoteHost destination, String workDir, String user, String keyComment) {
    this.source = source;
    this.destination = destination;
    this.workDir = workDir;
    this.user = user;
    this.keyComment = keyComment;
  }

  /**
   * Sets up the direct path, or returns null (after cleaning up) when the source cannot reach the
   * destination at any of its addresses.
   */
  static DirectPath open(RemoteHost source, RemoteHost destination, String workDir, String user,
      String migrationId, HostKeyInfo destinationKey, List<String> destinationAddresses, List<String> sourceAddresses) {
    DirectPath p = new DirectPath(source, destination, workDir, user, "ferry-migration-" + migrationId);
    try {
      p.publicKey = run(source, Command.script(SETUP_SOURCE, workDir, p.keyComment)).stdout().strip();
      ExecResult auth = destination.exec(Command.script(AuthorizedKeys.AUTHORIZE, p.publicKey, String.join(",", sourceAddresses),
          Integer.toString(KEY_VALID_HOURS), Integer.toString(p.streamPort)));
      if (!auth.ok()) {
        throw new MigrationException("Cannot authorize the migration's key on " + destination.name() + ": " + auth.stderr().strip(),
            "Its authorized_keys was left as it was. Check free disk space in the home folder on " + destination.name() + ".");
      }
      StringBuilder knownHosts = new StringBuilder();
      for (String a : destinationAddresses) {
        knownHosts.append(a).append(' ').append(destinationKey.type()).append(' ').append(destinationKey.base64()).append('\n');
      }
      source.exec(Command.script("cat > \"$1\"", workDir + "/known_hosts"),
          new java.io.ByteArrayInputStream(knownHosts.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
          java.io.OutputStream.nullOutputStream(), Duration.ofSeconds(30));
      Command master = Command.script(OPEN_MASTER, workDir, user, Integer.toString(PROBE_CONNECT_TIMEOUT_S))
          .with(destinationAddresses.toArray(String[]::new));
      ExecResult r = source.exec(master, Duration.ofSeconds((long) PROBE_CONNECT_TIMEOUT_S * destinationAddresses.size() + 20));
      if (!r.ok()) {
        LOG.info("{} cannot reach {} directly ({}); relaying through this client", source.name(), destination.name(), r.stderr().strip());
        p.close();
        return null;
      }
      p.address = r.stdout().strip();
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  @Override
  public long sync(String srcDir, String dstDir) {
    ExecResult r = source.exec(rsync(srcDir, dstDir), SYNC_TIMEOUT);
    if (!r.ok()) {
      throw new MigrationException("Copying " + srcDir + " from " + source.name() + " to " + destination.name()
          + " failed: " + r.stderr().strip(), "Check free disk space on " + destination.name() + " and the network between the hosts.");
    }
    return sentBytes(r.stdout());
  }

  @Override
  public Optional<String> pageStream(String dstDir, String logDir) {
    String pidFile = logDir + "/page-server.pid";
    ExecResult started = destination.exec(Command.script(PAGE_SERVER, dstDir, Integer.toString(streamPort), pidFile, logDir + "/page-server.log"));
    if (!started.ok()) {
      LOG.info("no page stream to {}: its CRIU page server did not start ({})", destination.name(), started.stderr().strip());
      return Optional.empty();
    }
    pageServerPidFile = pidFile;
    ExecResult fwd = source.exec(Command.script(FORWARD, workDir, user, address, Integer.toString(streamPort)));
    if (!fwd.ok()) {
      LOG.info("no page stream from {}: the forward to {} did not open ({})", source.name(), destination.name(), fwd.stderr().strip());
      stopPageServer();
      return Optional.empty();
    }
    return Optional.of("127.0.0.1:" + streamPort);
  }

  private void stopPageServer() {
    if (pageServerPidFile == null) {
      return;
    }
    try {
      destination.exec(Command.script(STOP_PAGE_SERVER, pageServerPidFile));
      pageServerPidFile = null;
    } catch (RuntimeException e) {
      LOG.warn("could not stop the CRIU page server on {}: {}", destination.name(), e.getMessage());
    }
  }

  @Override
  public long ship(String srcDir, String dstDir) {
    ExecResult r = source.exec(shipCommand(srcDir, dstDir).orElseThrow(), SYNC_TIMEOUT);
    if (!r.ok()) {
      throw new MigrationException("Copying " + srcDir + " from " + source.name() + " to " + destination.name()
          + " failed: " + r.stderr().strip() + " " + r.stdout().strip(), "Check free disk space on " + destination.name()
          + " and the network between the hosts.");
    }
    return shippedBytes(r.stdout());
  }

  @Override
  public Optional<Command> shipCommand(String srcDir, String dstDir) {
    String remote = "mkdir -p " + ShellQuote.quote(dstDir) + " && exec tar -C " + ShellQuote.quote(dstDir) + " --numeric-owner -xpf -";
    return Optional.of(Command.script(SHIP, workDir, user, address, srcDir, remote));
  }

  @Override
  public Optional<String> backgroundShip(String srcDir, String dstDir, String out, String rc) {
    return Optional.of(inBackground(shipCommand(srcDir, dstDir).orElseThrow(), out, rc));
  }

  /** The bytes a ship sent, from tar's totals in its output. */
  static long shippedBytes(String out) {
    Matcher m = WRITTEN.matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Override
  public boolean fromSource() {
    return true;
  }

  @Override
  public Optional<String> backgroundSync(String srcDir, String dstDir, String out, String rc) {
    return Optional.of(inBackground(rsync(srcDir, dstDir), out, rc));
  }

  // c in the background: its output in out, its exit code in rc once it ended (written whole), its pid in rc.pid.
  private static String inBackground(Command c, String out, String rc) {
    return "( " + c.toShell() + " > " + ShellQuote.quote(out) + " 2>&1; echo $? > " + ShellQuote.quote(rc + ".tmp") + " && mv -f "
        + ShellQuote.quote(rc + ".tmp") + " " + ShellQuote.quote(rc) + " ) </dev/null >/dev/null 2>&1 & echo $! > " + ShellQuote.quote(rc + ".pid");
  }

  // The destination's folder is made by the command rsync starts there (any rsync version; --mkpath needs 3.2.3): no
  // round trip of its own, which the copies while frozen would wait for.
  private Command rsync(String srcDir, String dstDir) {
    return Command.script(RSYNC, workDir, user, address, srcDir, dstDir, "mkdir -p " + ShellQuote.quote(dstDir) + " && rsync");
  }

  /** The bytes rsync's --stats said it sent. */
  static long sentBytes(String rsyncOutput) {
    Matcher m = SENT.matcher(rsyncOutput);
    return m.find() ? Long.parseLong(m.group(1).replaceAll("[,.]", "")) : 0;
  }

  @Override
  public void flushDestination(String dstDir) {
    run(destination, Command.of("sync", "-f", dstDir));
  }

  /** The destination's address as the source reaches it. */
  String destinationAddress() {
    return address;
  }

  /** The source's own address on the route to the destination: where the destination can reach it back. */
  String sourceAddress() {
    Optional<String> out = IpJson.preferredSource(run(source, Command.of("ip", "-j", "-4", "route", "get", address)).stdout());
    if (out.isEmpty()) {
      throw new MigrationException("Cannot tell which address " + source.name() + " uses towards " + destination.name() + ".",
          "Check the network configuration of " + source.name() + ".");
    }
    return out.get();
  }

  @Override
  public String describe() {
    return "direct: " + source.name() + " -> " + destination.name() + " at " + address + " (one SSH connection, key for this migration only)";
  }

  @Override
  public void close() {
    stopPageServer();
    try {
      source.exec(Command.script("ssh -o ControlPath=\"$1/ctl\" -O exit x 2>/dev/null; rm -f \"$1/key\" \"$1/key.pub\" \"$1/known_hosts\" \"$1/ssh.err\"", workDir));
    } catch (RuntimeException e) {
      LOG.warn("could not remove the migration key from {}: {}", source.name(), e.getMessage());
    }
    if (publicKey != null) {
      try {
        run(destination, Command.script(AuthorizedKeys.REVOKE, keyComment));
      } catch (RuntimeException e) {
        LOG.warn("could not revoke the migration key on {}: {}", destination.name(), e.getMessage());
      }
    }
  }

  private static ExecResult run(RemoteHost host, Command c) {
    return host.exec(c).orThrow(host.name(), c);
  }
}
