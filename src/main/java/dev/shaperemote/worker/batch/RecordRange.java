package dev.shaperemote.worker.batch;

/**
 * A contiguous run of a map job's input records, what one partition maps: the first record's index and byte offset
 * in the input, and how many records it holds.
 */
record RecordRange(long start, long offset, long count) {
    /** Records in part {@code part} of {@code parts} near-equal parts of {@code total}: the rule of {@link BatchFormat#split}. */
    static long countOf(long total, int part, int parts) { return end(total, part, parts) - end(total, part - 1, parts); }

    /** The index one past the last record of part {@code part}: {@code total * (part + 1) / parts}, without overflow. */
    static long end(long total, int part, int parts) {
        long k = part + 1L;
        return total / parts * k + total % parts * k / parts;
    }
}
