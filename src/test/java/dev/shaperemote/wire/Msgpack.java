package dev.shaperemote.wire;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Hand-built MessagePack for tests that need input the codec would never write. */
final class Msgpack {
    interface Body { void write(MessagePacker p) throws IOException; }

    private Msgpack() {}

    static byte[] pack(Body body) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            body.write(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] frame(byte[] payload) {
        byte[] f = new byte[payload.length + 1];
        System.arraycopy(payload, 0, f, 1, payload.length);
        return f;
    }
}
