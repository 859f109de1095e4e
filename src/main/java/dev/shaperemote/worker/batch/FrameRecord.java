package dev.shaperemote.worker.batch;

/**
 * One input record of a map job over a request stream: its index in the input, the byte offset of its length
 * prefix, and its frame (flags byte and payload), or null frame and the reason when the frame could not be read
 * (length 0, over the ceiling, cut short).
 */
record FrameRecord(long index, long offset, byte[] frame, String problem) {}
