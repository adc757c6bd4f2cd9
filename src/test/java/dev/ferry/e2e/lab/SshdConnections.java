package dev.ferry.e2e.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The TCP connections one local process holds to a lab host's sshd, counted where they end: as
 * sshd's own sockets inside the host. A client's connection to 127.0.0.1:PORT is accepted by a
 * forked socat of the lab's forwarder, whose child connects to port 22 from inside the host; this
 * follows that chain (client port, forwarder, its child, the child's port, sshd's socket), so the
 * connections of other people using the lab at the same time are never counted.
 */
public final class SshdConnections {
  private static final Duration SS_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern PID = Pattern.compile("pid=(\\d+)");

  /** One connection: the client's local port on this machine and the sshd process serving it on the host. */
  public record Connection(int clientPort, int hostSidePort, long sshdPid) {}

  /** One line of {@code ss -Htnp state established}: Recv-Q, Send-Q, local, peer, processes. */
  private record Socket(int localPort, int peerPort, Set<Long> pids) {
    static List<Socket> parse(String ssOutput) {
      List<Socket> all = new ArrayList<>();
      for (String line : ssOutput.split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 4) {
          continue;
        }
        Set<Long> pids = new java.util.HashSet<>();
        Matcher m = PID.matcher(line);
        while (m.find()) {
          pids.add(Long.parseLong(m.group(1)));
        }
        all.add(new Socket(port(f[2]), port(f[3]), pids));
      }
      return all;
    }

    private static int port(String address) {
      return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
  }

  private SshdConnections() {}

  /** The connections {@code clientPid} has open to {@code host}'s sshd, as the host sees them. */
  public static List<Connection> from(Lab lab, Lab.Host host, long clientPid) {
    String forwarded = ":" + host.port();
    // 1. This machine: the client's sockets to the forwarder, and the forwarder children that accepted them.
    Set<Integer> clientPorts = local("( dport = " + forwarded + " )").stream()
        .filter(s -> s.pids().contains(clientPid)).map(Socket::localPort).collect(Collectors.toSet());
    Map<Long, Integer> forwarderToClient = new HashMap<>();
    for (Socket s : local("( sport = " + forwarded + " )")) {
      if (clientPorts.contains(s.peerPort())) {
        s.pids().forEach(p -> forwarderToClient.put(p, s.peerPort()));
      }
    }
    // 2. Each forwarder child's own child is the socat that connects to sshd from inside the host.
    Map<Long, Integer> innerToClient = new HashMap<>();
    forwarderToClient.forEach((fwd, clientPort) -> ProcessHandle.of(fwd)
        .ifPresent(h -> h.children().forEach(c -> innerToClient.put(c.pid(), clientPort))));
    // 3. The host: the inner socat's port, then sshd's socket whose peer is that port.
    Map<Integer, Integer> hostSideToClient = new HashMap<>();
    for (Socket s : onHost(lab, host, "( dport = :22 )")) {
      for (long p : s.pids()) {
        if (innerToClient.containsKey(p)) {
          hostSideToClient.put(s.localPort(), innerToClient.get(p));
        }
      }
    }
    List<Connection> found = new ArrayList<>();
    for (Socket s : onHost(lab, host, "( sport = :22 )")) {
      Integer clientPort = hostSideToClient.get(s.peerPort());
      if (clientPort != null) {
        found.add(new Connection(clientPort, s.peerPort(), s.pids().stream().findFirst().orElse(-1L)));
      }
    }
    return found;
  }

  private static List<Socket> local(String filter) {
    return Socket.parse(LocalProcess.run(SS_TIMEOUT, List.of("ss", "-Htnp", "state", "established", filter))
        .orFail("ss " + filter).stdout());
  }

  private static List<Socket> onHost(Lab lab, Lab.Host host, String filter) {
    return Socket.parse(lab.exec(host.name(), "ss", "-Htnp", "state", "established", filter)
        .orFail("ss " + filter + " on " + host.name()).stdout());
  }
}
