package dev.ferry.engine.migration;

import dev.ferry.engine.criu.CriuStats;
import dev.ferry.engine.criu.CriuStatsFormatException;
import dev.ferry.engine.criu.DumpStats;
import dev.ferry.engine.criu.RestoreStats;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.SshException;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetches CRIU's stats-dump / stats-restore files from a host and decodes them. Missing stats are not an error. */
public final class CriuStatsReader {
  private static final Logger LOG = LoggerFactory.getLogger(CriuStatsReader.class);

  private CriuStatsReader() {}

  /** Decodes one kind of stats file. */
  private interface Parser<T> {
    T parse(byte[] file) throws CriuStatsFormatException;
  }

  public static Optional<DumpStats> dump(RemoteHost host, String file) {
    return read(host, file, CriuStats::parseDump);
  }

  public static Optional<RestoreStats> restore(RemoteHost host, String file) {
    return read(host, file, CriuStats::parseRestore);
  }

  private static <T> Optional<T> read(RemoteHost host, String file, Parser<T> parser) {
    return fetch(host, file).flatMap(bytes -> {
      try {
        return Optional.of(parser.parse(bytes));
      } catch (CriuStatsFormatException e) {
        LOG.warn("{} on {} is not readable: {}", file, host.name(), e.getMessage());
        return Optional.empty();
      }
    });
  }

  private static Optional<byte[]> fetch(RemoteHost host, String file) {
    ExecResult r;
    try {
      r = host.exec(Command.of("base64", "-w0", file));
    } catch (SshException e) {
      // Statistics only decorate a report: a host out of reach now (say, its link cut after the
      // hand-over) costs the figures, never the report.
      LOG.warn("CRIU's statistics {} could not be read from {}: {}", file, host.name(), e.getMessage());
      return Optional.empty();
    }
    if (!r.ok()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64.getDecoder().decode(r.stdout().strip()));
    } catch (IllegalArgumentException e) {
      LOG.warn("{} on {} came back garbled: {}", file, host.name(), e.getMessage());
      return Optional.empty();
    }
  }
}
