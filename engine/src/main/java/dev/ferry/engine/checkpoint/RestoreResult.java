package dev.ferry.engine.checkpoint;

import java.util.OptionalLong;

/**
 * What one restore did and how long each step took, by this client's clock. {@code copyMillis} and
 * {@code copyBytes} are the checkpoint's trip to another host (0 on the same host); {@code filesMillis}
 * is putting its files in place as the container's bundle ({@code replacedBundle}: a bundle was
 * already there and was replaced); {@code restoreMillis} is {@code runc restore} until the container
 * runs, of which CRIU's own part is {@code criuRestoreMillis} when CRIU recorded it. The checkpoint's
 * own timings are in {@code checkpoint.timings()}.
 */
public record RestoreResult(
    Checkpoint checkpoint,
    String fromHost,
    String toHost,
    long copyMillis,
    long copyBytes,
    long filesMillis,
    boolean replacedBundle,
    long restoreMillis,
    OptionalLong criuRestoreMillis,
    long totalMillis) {}
