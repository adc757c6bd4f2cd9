package dev.ferry.cli;

import dev.ferry.engine.ssh.HostKeyInfo;
import dev.ferry.engine.ssh.SshTarget;
import dev.ferry.engine.ssh.UnknownHostKeyPrompt;

/** Shows an unknown host key's fingerprint on the terminal and asks; without a terminal it refuses. */
final class TerminalHostKeyPrompt implements UnknownHostKeyPrompt {
  @Override
  public Decision decide(SshTarget target, HostKeyInfo key) {
    if (System.console() == null) {
      return Decision.REJECT;
    }
    String answer = System.console().readLine("The authenticity of %s can't be established.%n%s key fingerprint is %s.%n"
        + "Accept and remember it? [y/N] ", target.alias() + " (" + target.knownHostsName() + ")", key.type(), key.fingerprint());
    return answer != null && answer.strip().equalsIgnoreCase("y") ? Decision.ACCEPT_AND_REMEMBER : Decision.REJECT;
  }
}
