package dev.ferry.engine.metrics;

/**
 * Space on the file system holding Ferry's store, as df reports it. Used plus available can be less
 * than total: the file system keeps blocks reserved for root.
 */
public record DiskUsage(long totalBytes, long usedBytes, long availableBytes) {}
