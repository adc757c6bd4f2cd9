package dev.ferry.engine.probe;

/**
 * A host's memory from /proc/meminfo, in bytes. "Available" is the kernel's estimate of what can be
 * used without swapping, which is what a restored container will draw on.
 */
public record MemoryInfo(long totalBytes, long availableBytes) {}
