package dev.ferry.engine.migration;

/**
 * What a client of the container's service saw during a migration: from {@code fromHost}, a new TCP
 * connection to {@code address}:{@code port} every 20 ms, each sending a line and timing the answer;
 * {@code longestGapMillis} is the longest time between two answers (the downtime that client saw),
 * on {@code fromHost}'s realtime clock. {@code attempts} were made, {@code answered} got an answer.
 * {@code problem} is non-empty when the watch could not run as asked (then the figures are not
 * meaningful).
 */
public record ClientGap(String fromHost, String address, int port, long longestGapMillis, int attempts, int answered, String problem) {
  public boolean measured() {
    return problem == null || problem.isEmpty();
  }
}
