package dev.shaperemote.worker.batch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a JSONL file line by line from a byte offset and knows the offset of the next line, so a reader's
 * checkpoint can resume exactly there without rescanning the file. A line is everything up to {@code \n}
 * (a trailing {@code \r} dropped); the text after the last {@code \n} is a line only when it is not empty.
 */
final class LineInput implements Closeable {
    /** A longer line is returned as null, and skipped, rather than held in memory. */
    static final int MAX_LINE_BYTES = 16 << 20;

    private final FileChannel channel;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long offset;

    LineInput(Path file, long offset) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        this.offset = offset;
    }

    /** Whether another line follows; when so, {@link #next} returns it. */
    boolean hasNext() throws IOException { return pos < limit || fill(); }

    private boolean fill() throws IOException {
        int n;
        do {
            n = channel.read(ByteBuffer.wrap(buf));
        } while (n == 0);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** The next line, or null when it is longer than {@link #MAX_LINE_BYTES}; call only after {@link #hasNext}. */
    String next() throws IOException {
        line.reset();
        boolean tooLong = false;
        while (pos < limit || fill()) {
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            int n = pos - start;
            if (line.size() + n <= MAX_LINE_BYTES) line.write(buf, start, n); else tooLong = true;
            offset += n;
            if (pos < limit) { // the newline
                pos++;
                offset++;
                break;
            }
        }
        if (tooLong) return null;
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** Moves past the next line without keeping it; call only after {@link #hasNext}. */
    void skip() throws IOException {
        while (pos < limit || fill()) {
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            offset += pos - start;
            if (pos < limit) { // the newline
                pos++;
                offset++;
                return;
            }
        }
    }

    /** The byte offset of the next line. */
    long offset() { return offset; }

    /** Records in a file by the same rule as {@link #next}: newlines, plus a last line without one. */
    static long countLines(Path file) throws IOException {
        long lines = 0;
        int last = '\n';
        try (InputStream s = new BufferedInputStream(Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ)), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = s.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                last = buf[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    @Override
    public void close() throws IOException { channel.close(); }
}
