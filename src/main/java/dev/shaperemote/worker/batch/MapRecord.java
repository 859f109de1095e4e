package dev.shaperemote.worker.batch;

/**
 * One input record of the map job: its index in the input, the byte offset where it starts (so a record
 * handed back can be read again), and its text, or null text when the line was longer than a record may be.
 */
record MapRecord(long index, long offset, String line) {}
