package dev.ferry.e2e.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 in front of a lab host's SSH port whose link can be cut (bytes stop
 * flowing both ways, connections stay open, as when a cable is pulled) and healed. Only loopback.
 */
final class CuttableLink implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private volatile boolean closed;

  CuttableLink(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "cuttable-link-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void cut() {
    cut = true;
  }

  void heal() {
    cut = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket in = server.accept();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(in);
        sockets.add(out);
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65536];
      try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
        while (!closed) {
          while (cut && !closed) {
            Thread.sleep(50); // a pulled cable: nothing read, nothing sent
          }
          int n = i.read(buf);
          if (n < 0) {
            break;
          }
          while (cut && !closed) {
            Thread.sleep(50); // the same pulled cable on the way out: what was read waits
          }
          o.write(buf, 0, n);
          o.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }, "cuttable-link-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
