package dev.shaperemote.wire;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageCodecProperties {

    @Property(tries = 400)
    void everyMessageRoundTrips(@ForAll("messages") WireMessage m) {
        byte[] payload = MessageCodec.encode(m);
        WireMessage back = MessageCodec.decode(payload, WireLimits.DEFAULT);
        assertEquals(m.getClass(), back.getClass());
        assertArrayEquals(payload, MessageCodec.encode(back));
    }

    @Property(tries = 200)
    void everyMessageRoundTripsThroughFramesAndStreams(@ForAll("messages") WireMessage m, @ForAll boolean compress) {
        byte[] frame = Frames.encode(m, compress);
        assertArrayEquals(MessageCodec.encode(m), MessageCodec.encode(Frames.decode(frame, WireLimits.DEFAULT)));
        byte[] stream = WireStreamWriter.toBytes(List.of(m, new WireMessage.Ping(), m), compress);
        List<WireMessage> back = WireStreamReader.readAll(stream, WireLimits.DEFAULT);
        assertEquals(3, back.size());
        assertArrayEquals(MessageCodec.encode(m), MessageCodec.encode(back.get(2)));
    }

    @Property(tries = 200)
    void blobsKeepTheirHash(@ForAll("calls") RemoteCallRequest c) {
        RemoteCallRequest back = ((WireMessage.Call) MessageCodec.decode(MessageCodec.encode(new WireMessage.Call(c)), WireLimits.DEFAULT)).request();
        if (back.functionBlobs() != null) back.functionBlobs().forEach(hb -> assertEquals(true, hb.blob().hashIsValid()));
        if (back.program() != null) back.program().blobs().values().forEach(b -> assertEquals(true, b.hashIsValid()));
    }

    @Provide Arbitrary<WireMessage> messages() { return WireArbitraries.messages(); }

    @Provide Arbitrary<RemoteCallRequest> calls() { return WireArbitraries.calls(); }
}
