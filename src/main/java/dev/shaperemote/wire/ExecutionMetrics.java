package dev.shaperemote.wire;

/** What one call or execution cost on the worker. */
public record ExecutionMetrics(long instructionsExecuted, long wallTimeUs, long memoryBytesPeak) {}
