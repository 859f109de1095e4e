package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.wire.MessageCodec;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;

/**
 * One MessagePack payload through {@link MessageCodec#decode}: every message kind, its values and
 * blobs. A {@link WireException} is the only failure allowed; a message that decodes must encode
 * again, and that encoding must decode.
 */
class FuzzMessagesTest {
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] payload) {
        WireMessage m;
        try {
            m = MessageCodec.decode(payload, FuzzChecks.LIMITS);
        } catch (WireException e) {
            return;
        }
        byte[] again = MessageCodec.encode(m, FuzzChecks.LIMITS.maxDepth());
        MessageCodec.decode(again, FuzzChecks.LIMITS);
    }
}
