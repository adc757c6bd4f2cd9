package dev.ferry.engine.ssh;

import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one authenticated JSch session to a target (through its jump hosts): the host key goes to the
 * verifier, secrets to the prompt, key files and agent keys are offered together, and every failure
 * comes back as an {@link SshException} that says in plain words what happened and what to do.
 */
final class SessionOpener {
  private final SshTarget target;
  private final SshSettings settings;
  private final HostKeyVerifier verifier;
  private final CredentialsPrompt prompt;

  SessionOpener(SshTarget target, SshSettings settings, HostKeyVerifier verifier, CredentialsPrompt prompt) {
    this.target = target;
    this.settings = settings;
    this.verifier = verifier;
    this.prompt = prompt;
  }

  /** A connected session and the jump-host sessions it runs through, outermost first. */
  record Opened(Session session, List<Session> jumps) {}

  Opened open() {
    List<Session> jumps = new ArrayList<>();
    try {
      Session previous = null;
      for (SshTarget hop : target.jumpHosts()) {
        Session j = newSession(hop, previous);
        jumps.add(j);
        previous = j;
      }
      return new Opened(newSession(target, previous), List.copyOf(jumps));
    } catch (RuntimeException e) {
      jumps.forEach(Session::disconnect);
      throw e;
    }
  }

  private Session newSession(SshTarget t, Session via) {
    JSch jsch = new JSch();
    JSchBridge.VerifyingRepository hostKeys = new JSchBridge.VerifyingRepository(t, verifier);
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(t, prompt);
    jsch.setHostKeyRepository(hostKeys);
    try {
      Session s = jsch.getSession(t.user(), t.hostName(), t.port());
      s.setIdentityRepository(identities(t));
      s.setUserInfo(prompts);
      s.setConfig("StrictHostKeyChecking", "yes");
      s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
      s.setServerAliveInterval((int) settings.keepaliveInterval().toMillis());
      s.setServerAliveCountMax(settings.keepaliveCountMax());
      if (via != null) {
        s.setProxy(new JumpProxy(via));
      }
      s.connect((int) settings.connectTimeout().toMillis());
      return s;
    } catch (JSchException e) {
      throw explain(t, e, hostKeys, prompts);
    }
  }

  private IdentityRepository identities(SshTarget t) throws JSchException {
    List<IdentityRepository> parts = new ArrayList<>();
    if (t.agentUse() != SshTarget.AgentUse.NONE) {
      AgentIdentities.connect(t).ifPresent(parts::add);
    }
    JSch keys = new JSch();
    for (Path f : t.identityFiles()) {
      if (Files.isReadable(f)) {
        keys.addIdentity(f.toString());
      }
    }
    parts.add(keys.getIdentityRepository());
    return new JSchBridge.CombinedIdentities(parts);
  }

  /** Turns JSch's terse failures into what happened and what to do. */
  private SshException explain(SshTarget t, JSchException e, JSchBridge.VerifyingRepository hostKeys, JSchBridge.Prompts prompts) {
    String where = t.alias() + " (" + t.hostName() + ":" + t.port() + ")";
    SshException.HostKeyRejected rejected = hostKeys.rejection.get();
    if (rejected != null) {
      return rejected;
    }
    Throwable cause = e.getCause();
    String msg = String.valueOf(e.getMessage());
    if (cause instanceof UnknownHostException) {
      return new SshException.Unreachable("The host name '" + t.hostName() + "' of " + t.alias()
          + " cannot be resolved. Check the spelling, or the HostName in your ssh config.", e);
    }
    if (cause instanceof ConnectException || msg.contains("Connection refused")) {
      return new SshException.Unreachable("Cannot connect to " + where + ": the connection was refused."
          + " Is the SSH server running there, and is the port right?", e);
    }
    if (cause instanceof NoRouteToHostException) {
      return new SshException.Unreachable("There is no network route to " + where + ". Check the address and the network.", e);
    }
    if (cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
      return new SshException.Timeout("No answer from " + where + " within " + settings.connectTimeout().toSeconds()
          + " s. The host may be down, or a firewall may drop the connection.");
    }
    if (msg.contains("Auth fail") || msg.contains("Auth cancel") || msg.contains("USERAUTH fail")
        || msg.contains("Too many authentication failures")) {
      return new SshException.AuthenticationFailed("Login to " + where + " as " + t.user() + " failed. "
          + whyLoginFailed(t, prompts), e);
    }
    if (msg.contains("closed by foreign host") || msg.contains("End of IO Stream") || msg.contains("Connection reset")) {
      return new SshException.Unreachable(where + " closed the connection before SSH could start."
          + " The SSH server may be down, restarting or overloaded.", e);
    }
    return new SshException("Cannot open an SSH session to " + where + ": " + msg, e);
  }

  /** Every secret that was wrong or missing, else the keys: what the person can act on. */
  private static String whyLoginFailed(SshTarget t, JSchBridge.Prompts prompts) {
    List<String> reasons = new ArrayList<>();
    if (prompts.wrongPassphraseKey != null) {
      reasons.add("The passphrase for the key " + prompts.wrongPassphraseKey + " was wrong.");
    }
    if (prompts.passphraseMissingKey != null) {
      reasons.add("The key " + prompts.passphraseMissingKey + " is encrypted and no passphrase was given.");
    }
    if (prompts.passwordGiven) {
      reasons.add("The password for " + t.user() + "@" + t.alias() + " was refused.");
    }
    if (reasons.isEmpty()) {
      reasons.add("The server accepted none of the keys offered (" + t.identityFiles() + " and the ssh-agent)."
          + " Check the user name and that your public key is in the host's authorized_keys.");
    }
    return String.join(" ", reasons);
  }
}
