package dev.ferry.engine.probe;

/**
 * Space on the file system that holds Ferry's container store, in bytes. When /var/lib/ferry does
 * not exist yet, the nearest existing parent is measured: that is where it will be created.
 *
 * @param path the folder actually measured
 * @param freeBytes what can still be written there (df's "Available", without root's reserve)
 */
public record DiskInfo(String path, long totalBytes, long freeBytes) {
  public static final String STORE = "/var/lib/ferry";
}
