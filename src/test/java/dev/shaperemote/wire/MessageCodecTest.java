package dev.shaperemote.wire;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.FunctionProto;
import dev.shaperemote.vm.Cell;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.TypedArray;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {
    private static final byte[] H = new byte[32];

    private static WireMessage decode(byte[] payload) { return MessageCodec.decode(payload, WireLimits.DEFAULT); }

    private static WireException fails(byte[] payload) {
        WireException e = assertThrows(WireException.class, () -> decode(payload));
        assertEquals("ProtocolError", e.kind());
        return e;
    }

    @Test
    void unknownKeysAreSkippedAtEveryLevel() {
        byte[] payload = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("Pong");
            p.packMapHeader(5);
            p.packString("future_field").packMapHeader(1).packString("x").packArrayHeader(2).packInt(1).packNil();
            p.packString("shape_version").packString("0.1.0");
            p.packString("wire_protocol").packInt(1);
            p.packString("more").packBinaryHeader(3).writePayload(new byte[3]);
            p.packString("capabilities").packArrayHeader(1).packString("call");
        });
        assertEquals(new WireMessage.Pong("0.1.0", 1, List.of("call")), decode(payload));

        byte[] value = Msgpack.pack(p -> {
            p.packMapHeader(1).packString("TypedArray").packMapHeader(4);
            p.packString("data").packBinaryHeader(2).writePayload(new byte[] {1, 2});
            p.packString("unit").packString("metres");
            p.packString("len").packInt(1);
            p.packString("element_kind").packString("I16");
        });
        TypedArray t = assertInstanceOf(TypedArray.class, ValueCodec.decode(value, WireLimits.DEFAULT));
        assertEquals(0x0201L, t.get(0));
    }

    @Test
    void optionalKeysMayBeLeftOut() {
        byte[] payload = Msgpack.pack(p -> p.packMapHeader(1).packString("Error").packMapHeader(2)
                .packString("kind").packString("ProtocolError").packString("message").packString("bad"));
        assertEquals(new WireMessage.Error("ProtocolError", "bad", null), decode(payload));
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertTrue(fails(Msgpack.pack(p -> p.packMapHeader(1).packString("Pong").packMapHeader(2)
                .packString("shape_version").packString("x").packString("capabilities").packArrayHeader(0)))
                .getMessage().contains("\"wire_protocol\""));
        assertTrue(fails(Msgpack.pack(p -> p.packMapHeader(1).packString("Call").packMapHeader(2)
                .packString("function_name").packString("f").packString("arguments").packArrayHeader(0)))
                .getMessage().contains("\"program_hash\""));
        assertTrue(fails(Msgpack.pack(p -> p.packMapHeader(1).packString("CallResponse").packMapHeader(1)
                .packString("request_id").packInt(3))).getMessage().contains("\"result\""));
        byte[] enumValue = Msgpack.pack(p -> p.packMapHeader(1).packString("Enum").packMapHeader(2)
                .packString("enum_name").packString("E").packString("variant").packString("V"));
        assertTrue(assertThrows(WireException.class, () -> ValueCodec.decode(enumValue, WireLimits.DEFAULT))
                .getMessage().contains("\"payload\""));
    }

    @Test
    void aBlobWithoutASection6FieldIsRefusedByName() {
        FunctionBlob b = FunctionBlob.create("f", 0, List.of(), 0, false, 0, new byte[4], List.of(1L), List.of(), List.of(), List.of());
        byte[] full = MessageCodec.encode(new WireMessage.Call(new RemoteCallRequest(null, "f", null, b.contentHash(), List.of(), null, null,
                b.contentHash(), List.of(new HashedBlob(b.contentHash(), b)), null)));
        // Rename the key "source_map" to "sourcX_map": the blob then lacks it, and an unknown key is skipped.
        String hex = java.util.HexFormat.of().formatHex(full);
        String key = java.util.HexFormat.of().formatHex("source_map".getBytes());
        String broken = java.util.HexFormat.of().formatHex("sourcX_map".getBytes());
        WireException e = fails(java.util.HexFormat.of().parseHex(hex.replace(key, broken)));
        assertTrue(e.getMessage().contains("FunctionBlob") && e.getMessage().contains("\"source_map\""), e.getMessage());
    }

    @Test
    void typedArrayLengthMustMatchItsData() {
        WireException e = fails(Msgpack.pack(p -> {
            p.packMapHeader(1).packString("ExecuteResponse").packMapHeader(4);
            p.packString("request_id").packInt(1).packString("success").packBoolean(true).packString("diagnostics").packArrayHeader(0);
            p.packString("value").packMapHeader(1).packString("TypedArray").packMapHeader(3)
                    .packString("element_kind").packString("F64").packString("len").packInt(2)
                    .packString("data").packBinaryHeader(8).writePayload(new byte[8]);
        }));
        assertTrue(e.getMessage().contains("TypedArray"), e.getMessage());
        assertThrows(WireException.class, () -> ValueCodec.decode(Msgpack.pack(p -> p.packMapHeader(1).packString("TypedArray")
                .packMapHeader(3).packString("element_kind").packString("F16").packString("len").packInt(0)
                .packString("data").packBinaryHeader(0)), WireLimits.DEFAULT));
        assertThrows(WireException.class, () -> ValueCodec.decode(Msgpack.pack(p -> p.packMapHeader(1).packString("Matrix")
                .packMapHeader(3).packString("rows").packInt(2).packString("cols").packInt(2)
                .packString("data").packBinaryHeader(24).writePayload(new byte[24])), WireLimits.DEFAULT));
    }

    @Test
    void hashesMustBeExactly32BytesOfBin() {
        fails(Msgpack.pack(p -> p.packMapHeader(1).packString("BlobNegotiation").packMapHeader(1)
                .packString("offered_hashes").packArrayHeader(1).packBinaryHeader(31).writePayload(new byte[31])));
        fails(Msgpack.pack(p -> p.packMapHeader(1).packString("BlobNegotiation").packMapHeader(1)
                .packString("offered_hashes").packArrayHeader(1).packString("0".repeat(64))));
    }

    @Test
    void pingMayBeABareStringOrAnEmptyMap() {
        assertEquals(new WireMessage.Ping(), decode(Msgpack.pack(p -> p.packString("Ping"))));
        assertEquals(new WireMessage.Ping(), decode(Msgpack.pack(p -> p.packMapHeader(1).packString("Ping").packMapHeader(0))));
        assertEquals("81a450696e6780", java.util.HexFormat.of().formatHex(MessageCodec.encode(new WireMessage.Ping())));
    }

    @Test
    void unknownVariantsAndTrailingBytesAreRefused() {
        fails(Msgpack.pack(p -> p.packMapHeader(1).packString("Teleport").packMapHeader(0)));
        fails(Msgpack.pack(p -> p.packString("Pong")));
        byte[] ping = MessageCodec.encode(new WireMessage.Ping());
        fails(Arrays.copyOf(ping, ping.length + 1));
        assertThrows(WireException.class, () -> ValueCodec.decode(Msgpack.pack(p -> p.packString("Nothing")), WireLimits.DEFAULT));
    }

    @Test
    void linkedFunctionsEncodeAsRefsAndClosures() {
        FunctionProto f = new FunctionProto("add", 2, 2, new String[] {"a", "b"}, 2, false, 0, new int[0], new Object[0], new String[0], new int[0]);
        f.hash = H;
        f.id = 3;
        WireFunctionRef ref = assertInstanceOf(WireFunctionRef.class, ValueCodec.decode(ValueCodec.encode(new Closure(f, new Cell[0])), WireLimits.DEFAULT));
        assertEquals(new WireFunctionRef("add", FunctionHash.of(H)), ref);
        FunctionProto g = new FunctionProto("inner", 1, 1, new String[] {"x"}, 1, true, 1, new int[0], new Object[0], new String[0], new int[0]);
        g.hash = H;
        g.id = 7;
        WireClosure c = assertInstanceOf(WireClosure.class,
                ValueCodec.decode(ValueCodec.encode(new Closure(g, new Cell[] {new Cell(41L)})), WireLimits.DEFAULT));
        assertEquals(new WireClosure(7, FunctionHash.of(H), List.of(41L)), c);
    }

    @Test
    void callResponsesCarryOkOrErr() {
        WireMessage.RemoteCallResponse err = (WireMessage.RemoteCallResponse) decode(MessageCodec.encode(WireMessage.RemoteCallResponse.err(
                new RemoteCallError("no such function 'f'", "FunctionNotFound", null), 9L, null)));
        assertEquals("FunctionNotFound", err.error().kind());
        assertNull(err.value());
        assertEquals(9L, err.requestId());
        WireMessage.RemoteCallResponse ok = (WireMessage.RemoteCallResponse) decode(MessageCodec.encode(WireMessage.RemoteCallResponse.ok(5L, null, null)));
        assertTrue(ok.isOk());
        assertEquals(5L, ok.value());
    }

    @Test
    void encodingAValueDeeperThanTheLimitIsRefused() {
        Object tooDeep = WireArbitraries.nestedArrays(WireLimits.DEFAULT_MAX_DEPTH + 1);
        assertThrows(WireException.class, () -> ValueCodec.encode(tooDeep));
        byte[] ok = ValueCodec.encode(WireArbitraries.nestedArrays(WireLimits.DEFAULT_MAX_DEPTH));
        assertThrows(WireException.class, () -> ValueCodec.decode(ok, WireLimits.DEFAULT.withMaxDepth(WireLimits.DEFAULT_MAX_DEPTH - 1)));
    }
}
