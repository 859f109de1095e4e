package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.vm.BytesValue;
import dev.shaperemote.vm.RangeValue;
import dev.shaperemote.vm.TypedArray;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leaner codec: nil optionals left out, SidecarRef meta as u32, zstd tried only where a sample
 * shrinks, frames written and read without intermediate copies (tested through behaviour and limits).
 */
class LeanEncodingTest {
    private static final FunctionHash H = FunctionHash.of(new byte[32]);

    /** The keys of the body of a one-message payload, in order. */
    private static List<String> bodyKeys(byte[] payload) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
            u.unpackMapHeader();
            u.unpackString();
            int n = u.unpackMapHeader();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(u.unpackString());
                u.skipValue();
            }
            return keys;
        }
    }

    private static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt();
        return b;
    }

    // ---------------------------------------------------------------- nil optionals

    @Test
    void aCallLeavesOutItsNilOptionals() throws IOException {
        RemoteCallRequest warm = new RemoteCallRequest(null, "f", null, H, List.of(5L), null, null, H, null, null);
        byte[] payload = MessageCodec.encode(new WireMessage.Call(warm));
        assertEquals(List.of("function_name", "function_hash", "arguments", "program_hash"), bodyKeys(payload));
        assertEquals(new WireMessage.Call(warm), MessageCodec.decode(payload, WireLimits.DEFAULT));

        RemoteCallRequest full = new RemoteCallRequest(new Program(H, Map.of()), "f", 3, H, List.of(5L), List.of(1L),
                Map.of("k", 1L), H, List.of(), 9L);
        assertEquals(List.of("program", "function_name", "function_id", "function_hash", "arguments", "upvalues", "type_schemas",
                "program_hash", "function_blobs", "request_id"), bodyKeys(MessageCodec.encode(new WireMessage.Call(full))));
    }

    @Test
    void responsesAndErrorsLeaveOutTheirNilOptionals() throws IOException {
        assertEquals(List.of("result"), bodyKeys(MessageCodec.encode(WireMessage.RemoteCallResponse.ok(1L, null, null))));
        assertEquals(List.of("kind", "message"), bodyKeys(MessageCodec.encode(new WireMessage.Error("ProtocolError", "x", null))));
        assertEquals(List.of("authenticated"), bodyKeys(MessageCodec.encode(new WireMessage.AuthResponse(true, null))));
        assertEquals(List.of("request_id", "success", "value", "diagnostics"), bodyKeys(MessageCodec.encode(
                new WireMessage.ExecuteResponse(1, true, 1L, null, null, List.of(new Diagnostic("info", "m", null, null)), null))));
        WireMessage err = WireMessage.RemoteCallResponse.err(new RemoteCallError("m", "RuntimeError", null), null, null);
        assertEquals(err, MessageCodec.decode(MessageCodec.encode(err), WireLimits.DEFAULT));
        WireMessage diag = new WireMessage.ValidateResponse(1, false, List.of(new Diagnostic("error", "m", 3, null)));
        assertEquals(diag, MessageCodec.decode(MessageCodec.encode(diag), WireLimits.DEFAULT));
    }

    @Test
    void explicitNilsAreStillAccepted() {
        byte[] payload = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Call").packMapHeader(10);
            p.packString("program").packNil();
            p.packString("function_name").packString("f");
            p.packString("function_id").packNil();
            p.packString("function_hash").packNil();
            p.packString("arguments").packArrayHeader(0);
            p.packString("upvalues").packNil();
            p.packString("type_schemas").packNil();
            p.packString("program_hash").packBinaryHeader(32).writePayload(new byte[32]);
            p.packString("function_blobs").packNil();
            p.packString("request_id").packNil();
        });
        assertEquals(new WireMessage.Call(new RemoteCallRequest(null, "f", null, null, List.of(), null, null, H, null, null)),
                MessageCodec.decode(payload, WireLimits.DEFAULT));
    }

    @Test
    void valuesLeaveOutNilOptionalsButTheProgramKeepsItsEntry() {
        assertArrayEquals(Msgpack.pack(p -> p.packMapHeader(1).packString("Range").packMapHeader(2)
                .packString("end").packMapHeader(1).packString("Int").packLong(3).packString("inclusive").packBoolean(false)),
                ValueCodec.encode(new RangeValue(null, 3L, false)));
        assertArrayEquals(Msgpack.pack(p -> p.packMapHeader(1).packString("FunctionRef").packMapHeader(1).packString("name").packString("g")),
                ValueCodec.encode(new WireFunctionRef("g", null)));
        assertEquals(new RangeValue(null, 3L, false), ValueCodec.decode(ValueCodec.encode(new RangeValue(null, 3L, false)), WireLimits.DEFAULT));
        // The canonical program encoding (program_hash) always has both keys, entry nil included.
        WireMessage call = new WireMessage.Call(new RemoteCallRequest(new Program(null, Map.of()), "f", null, null, List.of(), null, null, H, null, null));
        byte[] stub = Msgpack.pack(p -> p.packMapHeader(2).packString("entry").packNil().packString("functions").packArrayHeader(0));
        byte[] payload = MessageCodec.encode(call);
        assertTrue(indexOf(payload, stub) >= 0, "the program keeps entry: nil");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- SidecarRef meta as u32

    private static byte[] sidecarRef(long metaA, long metaB) {
        return Msgpack.pack(p -> p.packMapHeader(1).packString("SidecarRef").packMapHeader(5)
                .packString("sidecar_id").packInt(0).packString("blob_kind").packString("Bytes")
                .packString("original_hash").packBinaryHeader(32).writePayload(new byte[32])
                .packString("meta_a").packLong(metaA).packString("meta_b").packLong(metaB));
    }

    @Test
    void sidecarMetaIsU32() {
        SidecarRef max = (SidecarRef) ValueCodec.decode(sidecarRef(0xFFFF_FFFFL, 0xFFFF_FFFFL), WireLimits.DEFAULT);
        assertEquals(0xFFFF_FFFFL, max.metaA());
        assertEquals(0xFFFF_FFFFL, max.metaB());
        WireException a = assertThrows(WireException.class, () -> ValueCodec.decode(sidecarRef(1L << 32, 0), WireLimits.DEFAULT));
        assertTrue(a.getMessage().contains("SidecarRef.meta_a"), a.getMessage());
        WireException b = assertThrows(WireException.class, () -> ValueCodec.decode(sidecarRef(0, Long.MAX_VALUE), WireLimits.DEFAULT));
        assertTrue(b.getMessage().contains("SidecarRef.meta_b"), b.getMessage());
        assertThrows(WireException.class, () -> ValueCodec.decode(sidecarRef(-1, 0), WireLimits.DEFAULT));
        // The encoder refuses what a receiver would.
        assertThrows(WireException.class, () -> ValueCodec.encode(new SidecarRef(0, "Bytes", H, 1L << 32, 0)));
    }

    // ---------------------------------------------------------------- compression decision

    private static WireMessage sidecar(byte[] data) { return new WireMessage.BlobSidecar(0, data); }

    @Test
    void aLargeIncompressibleSidecarIsSentRawAndRoundTrips() {
        byte[] data = noise(3 << 20, 1);
        byte[] frame = Frames.encode(sidecar(data), true);
        assertEquals(0, frame[0]);
        assertEquals(sidecar(data), Frames.decode(frame, WireLimits.DEFAULT));
    }

    @Test
    void aLargeSidecarIsCompressedWhenItsSampleShrinks() {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 13);
        byte[] frame = Frames.encode(sidecar(data), true);
        assertEquals(Frames.FLAG_ZSTD, frame[0]);
        assertTrue(frame.length < data.length / 10);
        assertEquals(sidecar(data), Frames.decode(frame, WireLimits.DEFAULT));
    }

    /** The rule is the sample's: random middle, compressible ends (documented in WIRE.md section 2) stays raw. */
    @Test
    void theSampleIsTakenFromTheMiddle() {
        byte[] data = new byte[3 << 20];
        byte[] middle = noise(256 * 1024, 2);
        System.arraycopy(middle, 0, data, (data.length - middle.length) / 2, middle.length);
        assertEquals(0, Frames.encode(sidecar(data), true)[0]);
        // At or below 1 MiB the whole payload is tried, as before.
        byte[] small = new byte[1 << 19];
        System.arraycopy(noise(1024, 3), 0, small, small.length / 2, 1024);
        assertEquals(Frames.FLAG_ZSTD, Frames.encode(sidecar(small), true)[0]);
    }

    @Test
    void framingAPayloadAndEncodingAMessageAgree() {
        for (byte[] data : List.of(new byte[10], new byte[5000], noise(5000, 4), noise((1 << 20) + 7, 5), new byte[(1 << 20) + 7])) {
            WireMessage m = sidecar(data);
            for (boolean compress : new boolean[] {false, true}) {
                assertArrayEquals(Frames.frame(MessageCodec.encode(m), compress), Frames.encode(m, compress));
            }
        }
    }

    // ---------------------------------------------------------------- streams without copies

    private static List<WireMessage> bigStream() {
        TypedArray a = TypedArray.ofDoubles(new SplittableRandom(6).doubles(300_000).toArray());
        return List.of(sidecar(a.data), new WireMessage.BlobSidecar(1, new byte[2 << 20]),
                new WireMessage.Call(new RemoteCallRequest(null, "f", null, H, List.of(a, new BytesValue(new byte[3])), null, null, H, null, 1L)));
    }

    @Test
    void toBytesAndTheStreamingWriterWriteTheSameStream() {
        for (boolean compress : new boolean[] {false, true}) {
            byte[] whole = WireStreamWriter.toBytes(bigStream(), compress);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (WireStreamWriter w = new WireStreamWriter(out, compress)) {
                for (WireMessage m : bigStream()) w.write(m);
            }
            assertArrayEquals(whole, out.toByteArray());
            // In-memory and InputStream readers agree and give the messages back.
            List<WireMessage> viaStream = new ArrayList<>();
            try (WireStreamReader r = new WireStreamReader(new ByteArrayInputStream(whole), WireLimits.DEFAULT)) {
                for (WireMessage m = r.next(); m != null; m = r.next()) viaStream.add(m);
            }
            assertEquals(bigStream(), WireStreamReader.readAll(whole, WireLimits.DEFAULT));
            assertEquals(bigStream(), viaStream);
        }
    }

    @Test
    void decodedDataDoesNotShareTheStreamOrTheSendersArray() {
        byte[] data = noise(2 << 20, 7);
        byte[] original = data.clone();
        byte[] stream = WireStreamWriter.toBytes(List.of(sidecar(data)), false);
        Arrays.fill(data, (byte) 0); // the sender reuses its array after writing
        WireMessage.BlobSidecar back = (WireMessage.BlobSidecar) WireStreamReader.readAll(stream, WireLimits.DEFAULT).get(0);
        Arrays.fill(stream, (byte) 0); // the transport reuses its buffer after reading
        assertArrayEquals(original, back.data());
        assertNotSame(stream, back.data());
    }

    @Test
    void inMemoryStreamsKeepEveryCeiling() {
        byte[] stream = WireStreamWriter.toBytes(List.of(sidecar(new byte[5000]), new WireMessage.Ping()), false);
        WireException frame = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, WireLimits.DEFAULT.withMaxBytes(4096, 1 << 20)));
        assertTrue(frame.tooLarge());
        WireException payload = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, WireLimits.DEFAULT.withMaxBytes(1 << 20, 4096)));
        assertTrue(payload.tooLarge());
        // A prefix claiming 4 GB, a zero prefix, a truncated prefix and a truncated frame.
        assertTrue(assertThrows(WireException.class, () -> WireStreamReader.readAll(new byte[] {-1, -1, -1, -1, 0}, WireLimits.DEFAULT)).tooLarge());
        assertThrows(WireException.class, () -> WireStreamReader.readAll(new byte[] {0, 0, 0, 0}, WireLimits.DEFAULT));
        assertThrows(WireException.class, () -> WireStreamReader.readAll(Arrays.copyOf(stream, stream.length - 14), WireLimits.DEFAULT));
        assertThrows(WireException.class, () -> WireStreamReader.readAll(Arrays.copyOf(stream, stream.length - 1), WireLimits.DEFAULT));
        assertThrows(WireException.class, () -> WireStreamReader.readAll(Arrays.copyOf(stream, 100), WireLimits.DEFAULT));
    }

    /** A bin that claims more than its frame holds is refused, even when the stream has those bytes after the frame. */
    @Test
    void aFrameIsReadOnlyWithinItsOwnBounds() {
        byte[] lying = Msgpack.frame(Msgpack.pack(p -> p.packMapHeader(1).packString("Sidecar").packMapHeader(2)
                .packString("sidecar_id").packInt(0).packString("data").packBinaryHeader(50)));
        byte[] stream = new byte[4 + lying.length + 100];
        stream[3] = (byte) lying.length;
        System.arraycopy(lying, 0, stream, 4, lying.length);
        WireException e = assertThrows(WireException.class, () -> WireStreamReader.readAll(stream, WireLimits.DEFAULT));
        assertTrue(e.getMessage().contains("Sidecar.data"), e.getMessage());
        assertFalse(WireStreamReader.readAll(WireStreamWriter.toBytes(List.of(new WireMessage.Ping(), new WireMessage.Ping()), false),
                WireLimits.DEFAULT).isEmpty());
    }
}
