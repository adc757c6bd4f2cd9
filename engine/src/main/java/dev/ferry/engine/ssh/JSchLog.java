package dev.ferry.engine.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges JSch's own log to SLF4J. JSch reports every step of every handshake at INFO, which is
 * noise for Ferry's users, so its INFO becomes DEBUG; its warnings and errors keep their level.
 */
final class JSchLog implements com.jcraft.jsch.Logger {
  private static final Logger LOG = LoggerFactory.getLogger("com.jcraft.jsch");

  @Override
  public boolean isEnabled(int level) {
    return level >= WARN ? LOG.isWarnEnabled() : LOG.isDebugEnabled();
  }

  @Override
  public void log(int level, String message) {
    if (level >= ERROR) {
      LOG.error(message);
    } else if (level == WARN) {
      LOG.warn(message);
    } else {
      LOG.debug(message);
    }
  }
}
