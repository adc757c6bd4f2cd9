package dev.ferry.engine.checkpoint;

import java.util.OptionalLong;

/**
 * How long taking one checkpoint took, kept in its metadata. {@code filesMillis} is the copy of the
 * container's files made while it still ran; {@code dumpMillis} is pause, CRIU dump, the final sync
 * of the files that changed meanwhile, and (with leave-running) the resume: for a container left
 * running, the time it stood still. {@code criuFrozenMillis} is CRIU's own frozen time from its
 * stats-dump, empty when CRIU did not leave one.
 */
public record CheckpointTimings(long filesMillis, long dumpMillis, long totalMillis, OptionalLong criuFrozenMillis) {}
