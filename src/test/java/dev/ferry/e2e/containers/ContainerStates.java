package dev.ferry.e2e.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Container states as the host's own runc reports them, asked through lab.sh rather than Ferry's SSH. */
final class ContainerStates {
  private ContainerStates() {}

  /** {@code runc state NAME}'s status: created, running, paused or stopped. */
  static String runcStatus(Lab lab, String host, String container) {
    LocalProcess.Result r = lab.exec(host, "runc", "state", container).orFail("runc state " + container + " on " + host);
    try {
      return new ObjectMapper().readTree(r.stdout()).path("status").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("runc state printed something that is not JSON: " + r.stdout(), e);
    }
  }
}
