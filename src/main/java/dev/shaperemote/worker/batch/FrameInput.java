package dev.shaperemote.worker.batch;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a request-stream file (WIRE.md section 2: {@code [len: u32 BE][frame]...}) one frame at a time
 * from a byte offset and knows the offset of the next frame, so a reader's checkpoint can resume there.
 * Every length prefix is one record, whatever follows it: a frame of length 0, one over the ceiling
 * (skipped, never read into memory) or one cut short by the end of the file is a record whose
 * {@link FrameRecord#problem} says so, and reading goes on after it (the end of the file, for a cut one).
 */
final class FrameInput implements Closeable {
    private final FileChannel channel;
    private final InputStream in;
    private final long size;
    private final long maxFrameBytes;
    private long offset;

    FrameInput(Path file, long offset, long maxFrameBytes) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
        channel.position(offset);
        in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        this.offset = offset;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Whether another record follows. */
    boolean hasNext() { return offset < size; }

    /** The next record; call only after {@link #hasNext}. With {@code skip}, the frame itself is not read. */
    FrameRecord next(long index, boolean skip) throws IOException {
        long at = offset;
        long remaining = size - offset;
        if (remaining < 4) {
            in.skipNBytes(remaining);
            offset = size;
            return new FrameRecord(index, at, null, "the input ends inside a frame length (" + remaining + " of 4 bytes)");
        }
        byte[] prefix = in.readNBytes(4);
        offset += 4;
        long len = ((prefix[0] & 0xFFL) << 24) | ((prefix[1] & 0xFFL) << 16) | ((prefix[2] & 0xFFL) << 8) | (prefix[3] & 0xFFL);
        if (len == 0) return new FrameRecord(index, at, null, "the frame has length 0: no flags byte");
        if (len > size - offset) {
            long left = size - offset;
            in.skipNBytes(left);
            offset = size;
            return new FrameRecord(index, at, null, "the input ends inside the frame: " + left + " of " + len + " bytes");
        }
        if (len > maxFrameBytes || skip) {
            in.skipNBytes(len);
            offset += len;
            return len > maxFrameBytes
                    ? new FrameRecord(index, at, null, "the frame has " + len + " bytes, over the " + maxFrameBytes + "-byte ceiling")
                    : new FrameRecord(index, at, null, null);
        }
        byte[] frame = in.readNBytes((int) len);
        offset += len;
        return new FrameRecord(index, at, frame, null);
    }

    /** The byte offset of the next record. */
    long offset() { return offset; }

    /** Records in a request-stream file by the same rule as {@link #next}: one per length prefix. */
    static long countFrames(Path file) throws IOException {
        long records = 0;
        try (FrameInput frames = new FrameInput(file, 0, Long.MAX_VALUE)) {
            while (frames.hasNext()) {
                frames.next(records, true);
                records++;
            }
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        in.close(); // closes the channel
    }
}
