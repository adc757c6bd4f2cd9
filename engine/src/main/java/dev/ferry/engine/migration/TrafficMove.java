package dev.ferry.engine.migration;

import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.probe.IpJson;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.ShellQuote;
import dev.ferry.engine.ssh.SshHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves the traffic of a container with addresses of its own (a named network namespace, {@link
 * ContainerNetwork}) from the source to the destination with no packet dropped, so that clients see
 * the freeze as a delay, never as an error or a retry:
 * <ol>
 *   <li><b>Divert, the freeze's first step</b> (source; set up beforehand, so the freeze's command only
 *       switches it on): new connections (TCP SYNs to the container's addresses) are routed on to the
 *       destination, where a queue on the container's host-side link holds them. The server meanwhile
 *       takes every connection the kernel had already accepted for it, and finishes every handshake
 *       under way (CRIU cannot dump a listener with connections in flight, field notes §10). Then
 *       every packet for the container goes to the destination's queue, and the container is paused.
 *       Clients wait from the divert on, and so does the freeze's clock.</li>
 *   <li><b>Release, after the decision</b> (destination): the address moves to the destination (a
 *       gratuitous ARP where the address is on the hosts' own segment, answered by the host that runs
 *       the container; the host's address hook where it is routed), and then the queue lets everything
 *       it held through, to the restored sockets. A SYN held this way is answered when the queue opens,
 *       so its client never waits for its 1 s retry.</li>
 * </ol>
 * The source forwards whatever still reaches it to the destination until the clean-up, so packets
 * sent on old routes are not lost either. Each host's part is a script in the migration's journal on
 * that host, {@code traffic}, run by {@link NetworkHold#RELEASE} when the hold on that host's copy is
 * lifted (the client's roll-back or hand-over, the watchdog, the recovery), so whichever copy runs gets
 * the traffic; {@code forget} on the source removes the forwarding once the original is gone.
 */
final class TrafficMove {
  /** Where the address is answered: on the hosts' segment (proxy ARP), or routed to the host. */
  enum Mode { ON_LINK, ROUTED }

  /** The hook a host's admin provides for routed addresses: {@code address take CONTAINER ADDRESS...}. */
  static final String HOOK = FerryPaths.STORE + "/hooks/address";
  // Bounds of the wait for the server to take what the kernel queued for it.
  static final int DRAIN_LIMIT_MS = 1000;
  /**
   * The firewall mark bits Ferry uses on a source while it diverts (README, "What a host needs"): clear of
   * those that kube-proxy (0x4000, 0x8000), CNI's portmap (0x2000), Cilium (0x0f00) and Weave (0x60000) set.
   */
  static final int MARK_MASK = 0x1fe00000;

  private final String id;
  private final String container;
  private final List<String> addresses;
  private final Mode mode;
  private final String hop;
  private final String sourceDevice;
  private final String destinationDevice;
  private final String destinationVeth;

  private TrafficMove(String id, String container, List<String> addresses, Mode mode, String hop, String sourceDevice,
      String destinationDevice, String destinationVeth) {
    this.id = id;
    this.container = container;
    this.addresses = addresses;
    this.mode = mode;
    this.hop = hop;
    this.sourceDevice = sourceDevice;
    this.destinationDevice = destinationDevice;
    this.destinationVeth = destinationVeth;
  }

  // $1: candidate addresses of the other host (space-separated). Prints "route ADDR JSON" per candidate
  // (ip -j route get; [] when there is none) and "proxy JSON" (ip -j neigh show proxy); IpJson reads them.
  private static final String LOOK = """
      for c in $1; do printf 'route %s ' "$c"; ip -j route get "$c" 2>/dev/null || echo '[]'; done
      printf 'proxy '; ip -j neigh show proxy 2>/dev/null || echo '[]'
      """;

  /** A candidate of {@code look}'s output that this host reaches directly, and the device: {@code [address, device]}. */
  static Optional<String[]> directHop(List<String> look) {
    for (String l : look) {
      String[] f = l.split(" ", 3);
      if (f.length == 3 && f[0].equals("route")) {
        Optional<String> dev = IpJson.directDevice(f[2]);
        if (dev.isPresent()) {
          return Optional.of(new String[] {f[1], dev.get()});
        }
      }
    }
    return Optional.empty();
  }

  private static final String HAS_HOOK = "[ -x \"$1\" ] && echo hook; true";

  /**
   * How this container's traffic can move, or why it cannot: empty with a note when the hosts do not
   * reach each other directly or a routed address has no hook on the destination (then the address is
   * left for the admin to move, as before).
   */
  static Optional<TrafficMove> plan(String id, SshHost source, SshHost destination, String container, ContainerNetwork.Layout layout,
      List<String> sourceAddresses, List<String> destinationAddresses, List<String> notes) {
    List<String> addrs = layout.addresses().stream().map(a -> a.replaceFirst("/.*", "")).toList();
    List<String> fromSource = source.exec(Command.script(LOOK, String.join(" ", destinationAddresses))).stdout().lines().toList();
    List<String> fromDestination = destination.exec(Command.script(LOOK, String.join(" ", sourceAddresses))).stdout().lines().toList();
    Optional<String[]> hop = directHop(fromSource);
    Optional<String[]> back = directHop(fromDestination);
    String proxies = fromSource.stream().filter(l -> l.startsWith("proxy ")).map(l -> l.substring(6)).findFirst().orElse("");
    long proxied = addrs.stream().filter(a -> IpJson.proxyDevice(proxies, a).isPresent()).count();
    if (hop.isEmpty() || back.isEmpty()) {
      notes.add("network: " + source.name() + " and " + destination.name() + " are not on one segment, so " + String.join(", ", addrs)
          + " cannot be handed over without loss: route " + (addrs.size() == 1 ? "it" : "them") + " to " + destination.name()
          + " once the container runs there");
      return Optional.empty();
    }
    Mode mode;
    if (proxied == addrs.size()) {
      mode = Mode.ON_LINK;
    } else if (destination.exec(Command.script(HAS_HOOK, HOOK)).stdout().contains("hook")) {
      mode = Mode.ROUTED;
    } else {
      notes.add("network: " + String.join(", ", addrs) + " is routed to " + source.name() + ", and " + destination.name() + " has no address"
          + " hook (" + HOOK + "): route " + (addrs.size() == 1 ? "it" : "them") + " to " + destination.name()
          + " once the container runs there, or give " + destination.name() + " the hook (README, \"Addresses\")");
      return Optional.empty();
    }
    for (String a : addrs) {
      if (!a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
        throw new MigrationException("The container's address '" + a + "' is not an IPv4 address.", "Give eth0 in its namespace IPv4 addresses.");
      }
    }
    String device = hop.get()[1];
    String destinationDevice = back.get()[1];
    for (String d : List.of(device, destinationDevice)) {
      if (!d.matches("[A-Za-z0-9_.@-]{1,32}")) {
        throw new MigrationException("The network device '" + d + "' has a name Ferry does not use.", "Rename the device.");
      }
    }
    return Optional.of(new TrafficMove(id, container, addrs, mode, hop.get()[0], device, destinationDevice.replaceFirst("@.*", ""),
        ContainerNetwork.vethOf(layout.namespace())));
  }

  String describe() {
    return String.join(", ", addresses) + (mode == Mode.ON_LINK ? " on the hosts' segment (announced by gratuitous ARP)"
        : " routed (moved by " + HOOK + ")") + "; new connections held, not dropped, while it moves";
  }

  // On the destination, before the divert: a queue on the container's host-side link that holds what
  // reaches it. tbf at 10 bytes a second with a bucket of one packet and a half: two datagrams to the
  // discard port use up the bucket, the second waits at the head, and everything after it waits too.
  // Under it, SYNs go to a class of their own, paced at about 200 a second when the queue opens, so that
  // a server with a small listen backlog (busybox httpd listens with 9) takes them as they come instead of
  // dropping a burst into its clients' 1 s retry; everything else (their handshakes' ACKs too) goes at once.
  private static final String HOLD = """
      set -e
      veth=$1; addr=$2; j=$3; traffic=$4
      printf '%s\\n' "$traffic" > "$j/traffic.tmp"; mv -f "$j/traffic.tmp" "$j/traffic"
      tc qdisc replace dev "$veth" root handle 1: tbf rate 80bit burst 2250 limit 8000000
      if tc qdisc add dev "$veth" parent 1:1 handle 10: htb default 2 2>/dev/null; then
        tc class add dev "$veth" parent 10: classid 10:1 htb rate 120kbit ceil 120kbit burst 100 cburst 100 2>/dev/null
        tc class add dev "$veth" parent 10: classid 10:2 htb rate 10gbit ceil 10gbit 2>/dev/null
        tc qdisc add dev "$veth" parent 10:1 pfifo limit 20000; tc qdisc add dev "$veth" parent 10:2 pfifo limit 20000
        tc filter add dev "$veth" parent 10: protocol ip prio 1 u32 match ip protocol 6 0xff match u8 0x02 0x12 at 33 flowid 10:1 \\
          2>/dev/null || true
      fi
      bash -c 'for i in 1 2; do head -c 1400 /dev/zero > "/dev/udp/$0/9"; done' "$addr" 2>/dev/null || true
      i=0
      while [ $i -lt 50 ]; do
        [ "$(tc -s qdisc show dev "$veth" | sed -n 's/.* backlog [0-9]*b \\([0-9]*\\)p.*/\\1/p' | head -n1)" -ge 1 ] 2>/dev/null && exit 0
        sleep 0.002; i=$((i+1))
      done
      tc qdisc del dev "$veth" root 2>/dev/null
      echo "the queue on $veth holds nothing" >&2; exit 1
      """;

  // The destination's traffic script, run once its copy's network hold is lifted: open the queue at full speed
  // (SYNs paced by their own class; pacing the whole queue would hold the handshakes' own ACKs behind it),
  // then move the address. A tbf whose rate changed dequeues only when a packet arrives: one is sent to kick it.
  // The gratuitous ARP is sent from this host's own MAC for an address it does not hold (proxy ARP), which
  // arping may bind only with ip_nonlocal_bind, set for that moment; proxy_delay 0 answers later ARPs at once.
  // It is sent three times (at once, 0.2 s and 1.4 s later), as VM live migration announces more than once: one
  // lost announcement would otherwise leave the segment's neighbours sending to the source until their entry is
  // probed again (5 s and more), and the source drops the address once it has moved (UNPROXY).
  private static final String RELEASE_BODY = """
      backlog() { tc -s qdisc show dev "$veth" | sed -n '1,3s/.* backlog \\([0-9]*\\)b.*/\\1/p' | head -n1; }
      drain() { i=0; while [ $i -lt "$1" ] && [ "$(backlog)" != 0 ]; do sleep 0.002; i=$((i+1)); done; }
      set -- $addrs
      queued=no
      if tc qdisc show dev "$veth" 2>/dev/null | grep -q tbf; then
        queued=yes
        tc qdisc change dev "$veth" root handle 1: tbf rate 10gbit burst 1mb limit 8000000 || exit 1
        bash -c 'head -c 1 /dev/zero > "/dev/udp/$0/9"' "$1" 2>/dev/null
      fi
      if [ "$mode" = on-link ]; then
        sysctl -qw "net.ipv4.neigh.$dev.proxy_delay=0" 2>/dev/null
        for a in $addrs; do ip neigh replace proxy "$a" dev "$dev" || exit 1; done
        (
          for pause in 0 0.2 1.2; do
            sleep "$pause"
            old=$(sysctl -n net.ipv4.ip_nonlocal_bind); sysctl -qw net.ipv4.ip_nonlocal_bind=1
            for a in $addrs; do
              # Only while this host answers for it: the container may have moved on meanwhile.
              [ -n "$(ip neigh show proxy "$a" dev "$dev")" ] || continue
              arping -U -c 1 -w 1 -I "$dev" "$a" || busybox arping -U -c 1 -w 1 -I "$dev" "$a"
            done
            sysctl -qw "net.ipv4.ip_nonlocal_bind=$old"
          done
        ) >/dev/null 2>&1 &
      else
        "$hook" take "$ct" $addrs || { echo "the address hook $hook failed" >&2; exit 1; }
      fi
      if [ $queued = yes ]; then
        drain 1500
        # Then the SYNs' class at full speed too. The queue stays, open, until the container's namespace goes with its
        # veth: removing (or replacing) a root qdisc on a link that carries traffic drops every packet sent during the
        # swap, a SYN among them now and then, whose client then waits for its 1 s retry.
        tc class change dev "$veth" parent 10: classid 10:1 htb rate 10gbit ceil 10gbit 2>/dev/null
      fi
      true
      """;

  /** Sets up the destination's queue and its traffic script; done just before {@link #divert}. */
  void holdAtDestination(SshHost destination) {
    String script = "ct=" + ShellQuote.quote(container) + "; addrs=" + ShellQuote.quote(String.join(" ", addresses)) + "; mode="
        + (mode == Mode.ON_LINK ? "on-link" : "routed") + "; dev=" + ShellQuote.quote(destinationDevice) + "; veth="
        + ShellQuote.quote(destinationVeth) + "; hook=" + ShellQuote.quote(HOOK) + "\n" + RELEASE_BODY;
    Command c = Command.script(HOLD, destinationVeth, addresses.get(0), MigrationJournal.dir(id), script);
    ExecResult r = destination.exec(c);
    if (!r.ok()) {
      throw new MigrationException("Cannot hold the container's traffic on " + destination.name() + ": " + r.stderr().strip(),
          "Check that tc (iproute2) and bash work on " + destination.name() + "; nothing was frozen.");
    }
  }

  // On the source, before the freeze: write the undo, the clean-up and the divert (DIVERT_BODY) for the
  // freeze to run; set up the divert's chain, table and rule, which nothing jumps to yet.
  private static final String DIVERT = """
      j=$1; n=$2; undo=$3; forget=$4; divert=$5; m=$6; unproxy=$7; shift 7
      printf '%s\\n' "$undo" > "$j/traffic.tmp" && mv -f "$j/traffic.tmp" "$j/traffic" || exit 1
      printf '%s\\n' "$forget" > "$j/forget.tmp" && mv -f "$j/forget.tmp" "$j/forget" || exit 1
      printf '%s\\n' "$divert" > "$j/divert-all.tmp" && mv -f "$j/divert-all.tmp" "$j/divert-all" || exit 1
      printf '%s\\n' "$unproxy" > "$j/unproxy.tmp" && mv -f "$j/unproxy.tmp" "$j/unproxy" || exit 1
      iptables -w 10 -t mangle -N "FERRY-DIV-$n" 2>/dev/null || iptables -w 10 -t mangle -F "FERRY-DIV-$n" || exit 1
      # A client's SYN retried while its first waits in the queue is dropped: two SYNs of one connection
      # released together can meet a listener in syncookie mode (a burst fills its queue) and end in a reset.
      for a; do
        iptables -w 10 -t mangle -A "FERRY-DIV-$n" -d "$a" -p tcp --syn -m connbytes --connbytes 2: --connbytes-dir original \
          --connbytes-mode packets -j DROP || exit 1
        iptables -w 10 -t mangle -A "FERRY-DIV-$n" -d "$a" -p tcp --syn -j MARK --set-xmark "$m" || exit 1
      done
      for a; do ip route replace "$a/32" via "$hop" dev "$dev" table "$n" || exit 1; done
      ip rule add fwmark "$m" table "$n" priority "$n" 2>/dev/null
      true
      """;

  // The freeze's first step ($j/divert-all): new connections to the destination's queue, then one look after
  // another at the container's listeners (Recv-Q: connections the server has not taken) and handshakes under
  // way until none is left (CRIU cannot dump connections in flight), then every packet to the destination.
  // Writes "drained MS" or "busy MS" (still queued at the limit; the dump says if it matters) to $j/drain.
  private static final String DIVERT_BODY = """
      j=$1; pid=$2; n=$3; limit=$4; hop=$5; dev=$6; shift 6
      iptables -w 10 -t mangle -I PREROUTING -j "FERRY-DIV-$n" || exit 1
      start=$(date +%s%N); i=0; state=busy
      while [ $i -lt "$limit" ]; do
        q=$(nsenter --net="/proc/$pid/ns/net" ss -Htn state listening state syn-recv 2>/dev/null \\
          | awk '$1 == "LISTEN" { n += $2; next } { n++ } END { print n + 0 }')
        [ "$q" = 0 ] && { state=drained; break; }
        sleep 0.002; i=$((i+1))
      done
      echo "$state $(( ($(date +%s%N) - start) / 1000000 ))" > "$j/drain"
      for a; do ip route replace "$a/32" via "$hop" dev "$dev" || exit 1; done
      """;

  /**
   * The line the freeze's hold script starts with: the divert, run in the same command as the pause, so
   * that no round trip lies between the two and new connections wait only while the freeze's clock runs.
   */
  static String divertAllFirst(String id) {
    return "sh " + ShellQuote.quote(MigrationJournal.dir(id) + "/divert-all") + " || exit 1\n";
  }

  /** What the freeze's drain found ("drained 12", "busy 1000"), or empty if it has not run. */
  static String drained(SshHost source, String id) {
    return source.exec(Command.script("cat \"$1/drain\" 2>/dev/null; true", MigrationJournal.dir(id))).stdout().strip();
  }

  private static final String UNDO_BODY = """
      n=$1; m=$2
      for r in $routes; do ip route replace $(printf '%s' "$r" | tr ',' ' ') 2>/dev/null; done
      iptables -w 10 -t mangle -D PREROUTING -j "FERRY-DIV-$n" 2>/dev/null
      iptables -w 10 -t mangle -F "FERRY-DIV-$n" 2>/dev/null; iptables -w 10 -t mangle -X "FERRY-DIV-$n" 2>/dev/null
      ip rule del fwmark "$m" table "$n" 2>/dev/null; ip route flush table "$n" 2>/dev/null
      true
      """;

  // The source stops answering ARP for the address once the decision "destination" holds: until then it is the
  // way back; after it, an answer from here could take the segment's traffic back from the destination's announcement.
  // It still forwards what reaches it on old entries, until forget.
  private static final String UNPROXY_BODY = """
      for a in $addrs; do ip neigh del proxy "$a" dev "$dev" 2>/dev/null; done
      true
      """;

  private static final String FORGET_BODY = """
      for a in $addrs; do ip route del "$a/32" via "$hop" 2>/dev/null; done
      [ "$mode" = on-link ] && for a in $addrs; do ip neigh del proxy "$a" dev "$dev" 2>/dev/null; done
      iptables -w 10 -t mangle -D PREROUTING -j "FERRY-DIV-$n" 2>/dev/null
      iptables -w 10 -t mangle -F "FERRY-DIV-$n" 2>/dev/null; iptables -w 10 -t mangle -X "FERRY-DIV-$n" 2>/dev/null
      ip rule del fwmark "$m" table "$n" 2>/dev/null; ip route flush table "$n" 2>/dev/null
      true
      """;

  // The source's routes to the container as they are now, one line of ip -j per address, for the undo.
  private static final String ROUTES = "for a; do ip -j route show exact \"$a/32\" 2>/dev/null || echo '[]'; done";

  /**
   * The undo's routes from {@code ROUTES}' output: "ADDR,dev,VETH,..." per route, space-separated (the
   * undo splits them at the commas into {@code ip route replace}'s arguments).
   */
  static String undoRoutes(String routesOutput, String host) {
    List<String> routes = new ArrayList<>();
    for (String line : routesOutput.lines().toList()) {
      Optional<List<String>> args = IpJson.firstRouteArguments(line);
      if (args.isEmpty()) {
        continue;
      }
      for (String a : args.get()) {
        if (!a.matches("[A-Za-z0-9_.:/@-]{1,64}")) {
          throw new MigrationException("A route to the container on " + host + " has a field Ferry cannot put back: '" + a + "'.",
              "Check the container's routes with ip route on " + host + "; nothing was frozen.");
        }
      }
      routes.add(String.join(",", args.get()));
    }
    return String.join(" ", routes);
  }

  /** Sets up the divert of {@link TrafficMove}'s first part; the freeze runs it ({@link #divertAllFirst}). */
  void divert(SshHost source, long pid) {
    int n = table();
    String m = fwmark();
    String routes = undoRoutes(source.exec(Command.script(ROUTES, addresses.toArray(String[]::new))).stdout(), source.name());
    String undo = "set -- " + n + " " + m + "\nroutes=" + ShellQuote.quote(routes) + "\n" + UNDO_BODY;
    String forget = "n=" + n + "; m=" + m + "; addrs=" + ShellQuote.quote(String.join(" ", addresses)) + "; hop=" + ShellQuote.quote(hop)
        + "; mode=" + (mode == Mode.ON_LINK ? "on-link" : "routed") + "; dev=" + ShellQuote.quote(sourceDevice) + "\n" + FORGET_BODY;
    Command body = Command.of("set", "--", MigrationJournal.dir(id), Long.toString(pid), Integer.toString(n),
        Integer.toString(DRAIN_LIMIT_MS / 2), hop, sourceDevice).with(addresses.toArray(String[]::new));
    String divert = body.toShell() + "\n" + DIVERT_BODY;
    String unproxy = mode == Mode.ON_LINK ? "dev=" + ShellQuote.quote(sourceDevice) + "; addrs=" + ShellQuote.quote(String.join(" ", addresses))
        + "\n" + UNPROXY_BODY : "true";
    Command c = Command.script("hop=$1; dev=$2; shift 2\n" + DIVERT, hop, sourceDevice, MigrationJournal.dir(id), Integer.toString(n), undo,
        forget, divert, m, unproxy).with(addresses.toArray(String[]::new));
    ExecResult r = source.exec(c);
    if (!r.ok()) {
      throw new MigrationException("Cannot divert the container's traffic on " + source.name() + ": " + r.stderr().strip(),
          "Check that iptables and ip work on " + source.name() + "; nothing was frozen.");
    }
  }

  /**
   * Appended to the decision's command on the source: once "destination" is recorded there, the source
   * lifts the hold on the destination's copy itself, through the migration's own connection to it (as its
   * watchdog would), which spares the clients that wait a round trip through this client; then it stops
   * dropping retried SYNs and answering ARP for the address ({@code unproxy}). The client's release step
   * after it finds nothing left to do, or does it.
   */
  static final String RELEASE_FROM_SOURCE = """
      if [ "$(cat "$d/decision" 2>/dev/null)" = destination ] && [ -S "$6/ctl" ]; then
        printf '%s' "$7" | timeout 10 ssh -F /dev/null -o BatchMode=yes -o ControlPath="$6/ctl" x sh -s "$d"
        iptables -w 10 -t mangle -F "FERRY-DIV-$8"
        [ -f "$d/unproxy" ] && sh "$d/unproxy" && rm -f "$d/unproxy"
      fi
      true
      """;

  /** What the source sends the destination for {@link #RELEASE_FROM_SOURCE}: lift the hold named in its journal. */
  static String remoteRelease() {
    return "RELEASE_SCRIPT=" + SourceWatchdog.shellLiteral(NetworkHold.RELEASE) + "\n"
        + "j=$1; t=$(cat \"$j/hold\" 2>/dev/null) || exit 0; sh -c \"$RELEASE_SCRIPT\" release \"$t\" \"$j\" && rm -f \"$j/hold\"\n";
  }

  /** Takes the divert back on the source (a failure before the freeze): the same script a roll-back runs. */
  static void undivert(SshHost source, String id) {
    source.exec(Command.script(RUN_FILE, MigrationJournal.dir(id) + "/traffic"));
  }

  /** Removes the source's forwarding once its original is gone. */
  static void forget(SshHost source, String id) {
    source.exec(Command.script(RUN_FILE, MigrationJournal.dir(id) + "/forget"));
  }

  /** Runs a traffic script of the journal if it is there, once. */
  static final String RUN_FILE = "[ -f \"$1\" ] || exit 0; sh \"$1\" && rm -f \"$1\"";

  /** The routing table and rule priority of this migration's own (below the main table's 32766); also names its chain. */
  int table() {
    return 1000 + Math.floorMod(id.hashCode(), 30000);
  }

  /**
   * The firewall mark of this migration's SYNs, as value/mask: 255 values in the bits of {@link #MARK_MASK}
   * only, so that it neither clobbers nor matches another's marks. A whole-word mark had matched CNI's
   * port-forward masquerade bit (0x2000, set up once a Podman container publishes a port): the source
   * then masqueraded the SYNs it passed on, and their handshakes never completed.
   */
  String fwmark() {
    return String.format("0x%x/0x%x", (1 + Math.floorMod(id.hashCode(), 255)) << Integer.numberOfTrailingZeros(MARK_MASK), MARK_MASK);
  }
}
