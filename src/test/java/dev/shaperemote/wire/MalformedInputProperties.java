package dev.shaperemote.wire;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Random and mutated input: decoding succeeds or throws WireException, and nothing else escapes. */
class MalformedInputProperties {

    /** Decoding either succeeds or throws WireException; anything else escapes and fails the property. */
    private static void decodeOrWireException(byte[] frame) {
        try {
            Frames.decode(frame, WireLimits.DEFAULT);
        } catch (WireException expected) {
            assertEquals("ProtocolError", expected.kind());
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnotherException(@ForAll byte[] bytes) {
        decodeOrWireException(bytes);
        decodeOrWireException(Msgpack.frame(bytes));
    }

    @Property(tries = 1000)
    void mutatedMessagesNeverEscapeAsAnotherException(@ForAll("messages") WireMessage m, @ForAll @IntRange(max = 10_000) int at,
                                                       @ForAll byte replacement, @ForAll @IntRange(min = 0, max = 2) int how) {
        byte[] payload = MessageCodec.encode(m);
        int i = at % payload.length;
        byte[] bad;
        if (how == 0) {
            bad = payload.clone();
            bad[i] = replacement;
        } else if (how == 1) {
            bad = Arrays.copyOf(payload, i);
        } else {
            bad = payload.clone();
            bad[i] = (byte) 0xdb; // str32 header: the next 4 bytes become a (usually enormous) length
        }
        decodeOrWireException(Msgpack.frame(bad));
    }

    @Provide Arbitrary<WireMessage> messages() { return WireArbitraries.messages(); }

}
