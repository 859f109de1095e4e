package dev.shaperemote.worker.batch;

/**
 * One input record of the map job: its index in the input and its text, or null text when the line was
 * longer than a record may be.
 */
record MapRecord(long index, String line) {}
