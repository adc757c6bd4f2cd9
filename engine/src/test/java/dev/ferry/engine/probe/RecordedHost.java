package dev.ferry.engine.probe;

import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.ScriptedHost;

/** A host that answers every command with one recorded result, and remembers what it was asked. */
final class RecordedHost extends ScriptedHost {
  RecordedHost(String name, ExecResult answer) {
    super(name, command -> answer);
  }
}
