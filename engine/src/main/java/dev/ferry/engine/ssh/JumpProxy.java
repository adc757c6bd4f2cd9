package dev.ferry.engine.ssh;

import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** ProxyJump: reaches the next host through a direct-tcpip channel of an already open session. */
final class JumpProxy implements Proxy {
  private final Session via;
  private ChannelDirectTCPIP channel;
  private InputStream in;
  private OutputStream out;

  JumpProxy(Session via) {
    this.via = via;
  }

  @Override
  public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
    channel = (ChannelDirectTCPIP) via.openChannel("direct-tcpip");
    channel.setHost(host);
    channel.setPort(port);
    in = channel.getInputStream();
    out = channel.getOutputStream();
    try {
      channel.connect(timeout);
    } catch (JSchException e) {
      throw new IOException("the jump host could not reach " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream getInputStream() {
    return in;
  }

  @Override
  public OutputStream getOutputStream() {
    return out;
  }

  @Override
  public Socket getSocket() {
    return null;
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.disconnect();
    }
  }
}
