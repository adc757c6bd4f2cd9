package dev.ferry.engine.migration;

/**
 * How files get from the source host to the destination: directly host to host when they can
 * reach each other ({@link DirectPath}), otherwise relayed through this client ({@link RelayPath}).
 * Each call returns the bytes it moved, counted where they flow.
 */
interface TransferPath extends AutoCloseable {
  /** Makes dstDir on the destination a copy of srcDir on the source (deleting extras); returns bytes sent. */
  long sync(String srcDir, String dstDir);

  /** Forces what was written on the destination to disk, so the sync after the freeze has little left. */
  void flushDestination(String dstDir);

  String describe();

  @Override
  void close();
}
