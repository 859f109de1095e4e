package dev.shaperemote.wire;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * Whether a value's MessagePack encoding fits in a number of bytes, found by encoding it into a counter
 * that stops at the limit: a value that shares itself (an array nested into itself 40 times) encodes to
 * terabytes, and is refused after {@code maxBytes}, never encoded whole.
 */
public final class EncodedSize {
    /** Bytes between two looks at the cancel flag. */
    private static final long CHECK_EVERY = 1 << 16;

    private EncodedSize() {}

    /** Thrown by the counter to stop the encoder; never leaves this class. */
    private static final class Stop extends RuntimeException {
        final boolean cancelled;

        Stop(boolean cancelled) {
            super(null, null, false, false);
            this.cancelled = cancelled;
        }
    }

    /** How {@link #measure} ended. */
    public enum Outcome { FITS, TOO_LARGE, CANCELLED }

    /**
     * Encodes {@code value} into nothing, counting bytes, until it is done, passes {@code maxBytes}, or
     * {@code cancelled} says so. A value the wire cannot carry at all throws {@link WireException}.
     */
    public static Outcome measure(Object value, long maxBytes, BooleanSupplier cancelled) {
        Counter counter = new Counter(maxBytes, cancelled);
        try (MessagePacker p = MessagePack.newDefaultPacker(counter)) {
            ValueCodec.write(p, value);
            p.flush();
            return Outcome.FITS;
        } catch (Stop s) {
            return s.cancelled ? Outcome.CANCELLED : Outcome.TOO_LARGE;
        } catch (IOException e) {
            throw new WireException("the value cannot be encoded: " + e.getMessage());
        }
    }

    private static final class Counter extends OutputStream {
        private final long max;
        private final BooleanSupplier cancelled;
        private long count;
        private long nextCheck = CHECK_EVERY;

        Counter(long max, BooleanSupplier cancelled) {
            this.max = max;
            this.cancelled = cancelled;
        }

        @Override public void write(int b) { add(1); }

        @Override public void write(byte[] b, int off, int len) { add(len); }

        private void add(long n) {
            count += n;
            if (count > max) throw new Stop(false);
            if (count >= nextCheck) {
                nextCheck = count + CHECK_EVERY;
                if (cancelled.getAsBoolean()) throw new Stop(true);
            }
        }
    }
}
