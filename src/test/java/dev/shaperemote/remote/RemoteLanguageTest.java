package dev.shaperemote.remote;

import dev.shaperemote.bytecode.BytecodeProgram;
import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.bytecode.Linker;
import dev.shaperemote.bytecode.Program;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.Closure;
import dev.shaperemote.vm.EnumValue;
import dev.shaperemote.vm.Interpreter;
import dev.shaperemote.vm.ObjectValue;
import dev.shaperemote.vm.Values;
import dev.shaperemote.wire.MessageCodec;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireFunctionRef;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The constructs of LANGUAGE.md sections 7 to 11 through a remote call: as an argument, as a result and used
 * inside the called function. Every call is encoded, goes through {@link RequestHandler} (the worker's path)
 * and its answer is decoded; most calls are cold negotiated ones, carrying only the function's minimal blob
 * set and no {@code __main__}, so the method tables can only come from the call's {@code type_schemas}.
 */
class RemoteLanguageTest {
    private static final String SOURCE = """
            type Point { x: number, y: number }
            type Circle { r: number }
            trait Shape {
                area(self): number
                method describe() { "area " + str(self.area()) }
            }
            impl Shape for Point { method area() { self.x * self.y } }
            impl Shape for Circle {
                method area() { 3.0 * self.r * self.r }
                method describe() { "circle" }
            }
            extend Point { method scaled(k) { Point { x: self.x * k, y: self.y * k } } }
            impl Add for Point { method add(o) { Point { x: self.x + o.x, y: self.y + o.y } } }
            extend Number { method double() { self * 2 } }
            enum Color { Red, Rgb(int, int, int) }
            impl Color { method brightness() { match self { Color::Rgb(r, g, b) => r + g + b, _ => 0 } } }
            type Res { name: string, log: array }
            impl Drop for Res { method drop() { self.log.push("dropped " + self.name) } }
            mod geo {
                fn unit() { Point { x: 1.0, y: 1.0 } }
                fn area(p) { p.area() }
            }
            annotation tenfold() {
                after(args, result, ctx) { result * 10 }
            }

            fn make_point(x, y) { Point { x: x, y: y } }
            fn area_of(s) { s.area() }
            fn describe(s) { s.describe() }
            fn describe_all(shapes) { shapes.map(|s| s.describe()) }
            fn grow(p) { (p + p).scaled(2) }
            fn field_sum(p) { p.x + p.y }
            fn inner_point() { make_point(2.0, 3.0).describe() }
            fn double_it(n) { n.double() }
            fn make_color(r, g, b) { Color::Rgb(r, g, b) }
            fn bright(c) { c.brightness() }
            fn inner_color() { Color::Rgb(1, 2, 3).brightness() }
            fn bump(&x) { x = x + 1 }
            fn bumped(&x) {
                x = x + 1
                x
            }
            fn bump_twice(n) {
                let mut m = n
                bump(&m)
                bump(&m)
                m
            }
            fn use_geo() { geo::area(geo::unit().scaled(3)) }
            fn evens_doubled(xs) { [x * 2 for x in xs if x % 2 == 0] }
            fn pairs(n) { [[a, b] for a in 0..n for b in 0..n if a < b] }
            fn adults(people) { from p in people where p.age >= 18 orderby p.age desc select p.name }
            fn banner(name) { c"Hello {name:bold}" }
            fn banner_text(name) { c"Hello {name:bold}".toString() }
            fn with_res(log) {
                {
                    let r = Res { name: "a", log: log }
                }
                log
            }
            fn make_res(name) { Res { name: name, log: [] } }
            fn res_name(r) { r.name }
            @tenfold fn tadd(a, b) { a + b }
            fn call_tadd() { tadd(1, 2) + 1 }
            fn area_fn() { |q| q.area() }
            fn scaled_area_fn(k) { |q| q.area() * k }
            fn apply_to(f, x) { f(x) }
            fn make_shape(round) { if round { Circle { r: 1.0 } } else { Point { x: 2.0, y: 2.0 } } }
            fn area_getter() { geo::area }
            fn doubler_fn() { |xs| [x * 2 for x in xs] }
            fn adults_fn() { |people| from p in people where p.age >= 18 select p.name }
            fn big_shapes(shapes) { from s in shapes where s.area() > 3.5 select s }
            fn areas_of(shapes) { [s.area() for s in shapes] }
            fn describe_later(s) {
                let f = |q| q.describe()
                || f(s)
            }
            """;
    private final Program program = ShapeCompiler.compile(SOURCE);
    private final RemoteBlobCache cache = new RemoteBlobCache(1000, 64 << 20);
    private final RequestHandler handler = new RequestHandler(cache, null);

    private WireMessage send(WireMessage message) {
        byte[] answer = handler.handleStream(WireStreamWriter.toBytes(List.of(message), true), WireLimits.DEFAULT,
                RemoteExecutor.CallOptions.defaults());
        List<WireMessage> messages = WireStreamReader.readAll(answer, WireLimits.DEFAULT);
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    private WireMessage.RemoteCallResponse call(RemoteCallRequest request) {
        return (WireMessage.RemoteCallResponse) send(new WireMessage.Call(request));
    }

    /** A cold negotiated call: the minimal blob set, a program stub without {@code __main__}'s code. */
    private Object callOk(String function, Object... args) {
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequestNegotiated(program, function, Arrays.asList(args), List.of()));
        assertTrue(r.isOk(), () -> function + ": " + r.error().kind() + " " + r.error().message());
        return r.value();
    }

    private static ObjectValue point(double x, double y) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("x", x);
        fields.put("y", y);
        return new ObjectValue(fields, "Point");
    }

    private static ObjectValue circle(double r) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("r", r);
        return new ObjectValue(fields, "Circle");
    }

    private Set<String> blobNames(String function) {
        return Blobs.buildMinimalBlobs(program, function).stream().map(FunctionBlob::name).collect(Collectors.toSet());
    }

    // ---- structs, impl methods, traits, extend, operators ----

    @Test
    void aStructResultComesBackTyped() {
        ObjectValue p = (ObjectValue) callOk("make_point", 2.0, 3.0);
        assertEquals("Point", p.typeName);
        assertEquals(point(2, 3), p);
    }

    @Test
    void aStructArgumentArrivesTypedAndItsImplMethodDispatches() {
        assertEquals(6.0, callOk("area_of", point(2, 3)));
        assertEquals(5.0, callOk("field_sum", point(2, 3)));
        // The result of one call is the argument of the next: the type survives both ways.
        assertEquals(12.0, callOk("area_of", callOk("make_point", 3.0, 4.0)));
    }

    @Test
    void traitObjectsDispatchOnTheirOwnTypeAndTheDefaultMethodTravels() {
        assertEquals(27.0, callOk("area_of", circle(3)));
        assertEquals("area 6.0", callOk("describe", point(2, 3)), "the trait's provided method");
        assertEquals("circle", callOk("describe", circle(1)), "the impl's own replacement");
        ArrayValue shapes = new ArrayValue(new ArrayList<>(List.of(point(1, 2), circle(1))));
        assertEquals("[\"area 2.0\", \"circle\"]", Values.display(callOk("describe_all", shapes)));
        Set<String> names = blobNames("describe");
        assertTrue(names.containsAll(Set.of("Shape.describe", "Circle.describe", "Point.area", "Circle.area")), names.toString());
    }

    @Test
    void aTraitObjectResultKeepsItsOwnTypeAndDispatchesOnIt() {
        ObjectValue round = (ObjectValue) callOk("make_shape", true);
        ObjectValue square = (ObjectValue) callOk("make_shape", false);
        assertEquals("Circle", round.typeName);
        assertEquals("Point", square.typeName);
        assertEquals("circle", callOk("describe", round));
        assertEquals("area 4.0", callOk("describe", square));
    }

    @Test
    void aStructBuiltAndUsedInsideTheCalledFunction() {
        assertEquals("area 6.0", callOk("inner_point"));
    }

    @Test
    void extendAndOperatorMethodsTravelAndAResultOfThemIsTyped() {
        ObjectValue grown = (ObjectValue) callOk("grow", point(1, 2));
        assertEquals("Point", grown.typeName);
        assertEquals(point(4, 8), grown);
        assertTrue(blobNames("grow").containsAll(Set.of("Point.add", "Point.scaled")), blobNames("grow").toString());
        assertEquals(42L, callOk("double_it", 21L), "extend Number: a method of a builtin type");
    }

    @Test
    void aPlainObjectStaysPlain() {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("x", 1.0);
        fields.put("y", 2.0);
        assertEquals(3.0, callOk("field_sum", new ObjectValue(fields)));
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequestNegotiated(program, "area_of",
                List.of(new ObjectValue(fields)), List.of()));
        assertFalse(r.isOk(), "a plain object has no type, so no method 'area'");
        assertEquals(RemoteErrorKind.RuntimeError.name(), r.error().kind());
    }

    // ---- enums ----

    @Test
    void enumsCrossBothWaysAndTheirMethodsDispatch() {
        EnumValue c = (EnumValue) callOk("make_color", 1L, 2L, 3L);
        assertEquals("Color", c.enumName());
        assertEquals("Rgb", c.variant());
        assertEquals(6L, callOk("bright", c));
        assertEquals(0L, callOk("bright", new EnumValue("Color", "Red", new Object[0])));
        assertEquals(6L, callOk("inner_color"));
    }

    // ---- references ----

    @Test
    void aReferenceParameterReceivesACopyAcrossTheWire() {
        // The caller's place cannot be lent to another machine: the argument is the value, and the
        // callee's write through the parameter goes to a cell of the callee's (an assignment's value is the value).
        assertEquals(6L, callOk("bump", 5L));
        assertEquals(6L, callOk("bumped", 5L), "the callee reads back what it wrote through its own cell");
        assertEquals(7L, callOk("bump_twice", 5L), "inside the called function, & lends as locally");
    }

    // ---- modules ----

    @Test
    void moduleFunctionsAreCalledByTheirQualifiedName() {
        ObjectValue unit = (ObjectValue) callOk("geo::unit");
        assertEquals("Point", unit.typeName);
        assertEquals(6.0, callOk("geo::area", point(2, 3)));
        assertEquals(9.0, callOk("use_geo"));
    }

    @Test
    void aModuleFunctionIsAValueThatComesBackAndGoesOutAgain() {
        Object area = callOk("area_getter");
        assertTrue(area instanceof WireFunctionRef, String.valueOf(area));
        WireFunctionRef ref = (WireFunctionRef) area;
        assertEquals("geo::area", ref.name());
        assertEquals(program.byName("geo::area").contentHash(), ref.hash(), "a result names the function by hash");
        // Sent back as an argument, by hash: its blob and the area rows travel with the call.
        assertEquals(6.0, callOk("apply_to", area, point(2, 3)));
        assertEquals(27.0, callOk("apply_to", area, circle(3)));
    }

    // ---- list comprehensions and queries ----

    @Test
    void comprehensionsTakeAndGiveArrays() {
        ArrayValue xs = new ArrayValue(new ArrayList<>(List.of(1L, 2L, 3L, 4L)));
        assertEquals("[4, 8]", Values.display(callOk("evens_doubled", xs)));
        assertEquals("[[0, 1], [0, 2], [1, 2]]", Values.display(callOk("pairs", 3L)));
        // Over typed values sent, calling their methods; and a comprehension in a function value sent as an argument.
        ArrayValue shapes = new ArrayValue(new ArrayList<>(List.of(point(2, 3), circle(1))));
        assertEquals("[6.0, 3.0]", Values.display(callOk("areas_of", shapes)));
        assertEquals("[4, 8]", Values.display(callOk("apply_to", localCall("doubler_fn"), ArrayValue.of(List.of(2L, 4L)))));
    }

    /** A value of the program run here, in the caller's VM (a function value to send). */
    private Object localCall(String function, Object... args) {
        BytecodeProgram linked = Linker.link(program);
        Interpreter local = new Interpreter(linked, Budgets.defaults());
        local.runMain();
        return local.call(linked.byName(function).get(0), args, null);
    }

    @Test
    void queriesRunOverAnArrayOfObjectsSent() {
        List<Object> people = new ArrayList<>();
        for (Object[] p : new Object[][] {{"ann", 31L}, {"bo", 12L}, {"cy", 18L}}) {
            LinkedHashMap<String, Object> f = new LinkedHashMap<>();
            f.put("name", p[0]);
            f.put("age", p[1]);
            people.add(new ObjectValue(f));
        }
        assertEquals("[\"ann\", \"cy\"]", Values.display(callOk("adults", new ArrayValue(new ArrayList<>(people)))));
        assertEquals("[\"ann\", \"cy\"]", Values.display(callOk("apply_to", localCall("adults_fn"), new ArrayValue(new ArrayList<>(people)))),
                "a query in a function value sent as an argument");
    }

    @Test
    void aQueryOverTraitObjectsSentGivesThemBackTyped() {
        ArrayValue shapes = new ArrayValue(new ArrayList<>(List.of(point(2, 3), circle(1), point(1, 1))));
        ArrayValue big = (ArrayValue) callOk("big_shapes", shapes);
        assertEquals(1, big.size(), Values.display(big));
        assertEquals("Point", ((ObjectValue) big.get(0)).typeName);
        assertEquals(point(2, 3), big.get(0));
    }

    // ---- content ----

    @Test
    void contentHasNoWireFormButItsTextHas() {
        assertEquals("Hello World", callOk("banner_text", "World"));
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequestNegotiated(program, "banner", List.of("World"), List.of()));
        assertFalse(r.isOk());
        assertEquals(RemoteErrorKind.ArgumentError.name(), r.error().kind());
        assertTrue(r.error().message().contains("content value has no wire form"), r.error().message());
        assertFalse(r.error().message().contains("Exception"), r.error().message());
    }

    // ---- Drop ----

    @Test
    void dropRunsInsideTheCalledFunctionAndADroppableStructCrosses() {
        assertEquals("[\"dropped a\"]", Values.display(callOk("with_res", new ArrayValue(new ArrayList<>()))));
        assertTrue(blobNames("with_res").contains("Res.drop"));
        ObjectValue res = (ObjectValue) callOk("make_res", "b");
        assertEquals("Res", res.typeName);
        assertEquals("b", callOk("res_name", res));
    }

    // ---- annotations ----

    @Test
    void annotatedFunctionsRunTheirHooksRemotely() {
        assertEquals(30L, callOk("tadd", 1L, 2L));
        assertEquals(31L, callOk("call_tadd"));
    }

    // ---- the protocol around it ----

    @Test
    void theWholeProgramCallCarriesTheMethodTableToo() {
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildCallRequest(program, "describe", List.of(point(2, 3))));
        assertTrue(r.isOk(), () -> r.error().message());
        assertEquals("area 6.0", r.value());
    }

    @Test
    void typeSchemasNameOnlyTheMethodsTheCallMayReachInCanonicalOrder() {
        RemoteCallRequest req = RemoteCalls.buildCallRequestNegotiated(program, "area_of", List.of(point(1, 1)), List.of());
        Map<Object, Object> schemas = req.typeSchemas();
        assertEquals(List.of("Circle", "Point", "Res"), new ArrayList<>(schemas.keySet()), "types sorted; Res for its drop");
        @SuppressWarnings("unchecked")
        Map<Object, Object> pointMethods = (Map<Object, Object>) ((Map<Object, Object>) schemas.get("Point")).get("method_hashes");
        assertEquals(List.of("add", "area"), new ArrayList<>(pointMethods.keySet()), "area is called, add is an operator; scaled is not");
        assertNull(RemoteCalls.buildCallRequestNegotiated(ShapeCompiler.compile("fn f(x) { x.len() }"), "f", List.of("a"), List.of())
                .typeSchemas(), "a program without methods sends none");
        // The JSON form shows the method hashes in hex, like every other hash (WIRE.md section 7, "The JSON form").
        FunctionHash area = program.blobs().values().stream().filter(x -> x.name().equals("Point.area")).findFirst().orElseThrow().contentHash();
        String json = dev.shaperemote.wire.MessageJson.toJson(new WireMessage.Call(req));
        assertTrue(json.replace(" ", "").contains("\"area\":\"" + area.hex() + "\""), json);
    }

    @Test
    void theSameSourceGivesTheSameHashesAndTheSameCallBytes() {
        Program again = ShapeCompiler.compile(SOURCE);
        assertEquals(program.blobs().keySet(), again.blobs().keySet());
        assertEquals(RemoteCalls.programHash(program), RemoteCalls.programHash(again));
        byte[] a = MessageCodec.encode(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(program, "describe", List.of(point(1, 2)), List.of())));
        byte[] b = MessageCodec.encode(new WireMessage.Call(RemoteCalls.buildCallRequestNegotiated(again, "describe", List.of(point(1, 2)), List.of())));
        assertArrayEquals(a, b);
    }

    @Test
    void negotiationOffersTheMethodsAndAWarmCallStillDispatches() {
        WireMessage.BlobNegotiationRequest offer = RemoteCalls.negotiationFor(program, "describe");
        FunctionHash circleDescribe = program.blobs().values().stream().filter(x -> x.name().equals("Circle.describe"))
                .findFirst().orElseThrow().contentHash();
        assertTrue(offer.offeredHashes().contains(circleDescribe));
        assertEquals("circle", callOk("describe", circle(1)));
        WireMessage.BlobNegotiationResponse warm = (WireMessage.BlobNegotiationResponse) send(offer);
        assertEquals(offer.offeredHashes().size(), warm.knownHashes().size());
        RemoteCallRequest second = RemoteCalls.buildCallRequestNegotiated(program, "describe", List.of(point(2, 3)), warm.knownHashes());
        assertNull(second.functionBlobs());
        WireMessage.RemoteCallResponse r = call(second);
        assertEquals("area 6.0", r.value());
    }

    @Test
    void aMethodBlobNobodySentIsMissingAndBadSchemasAreArgumentErrors() {
        RemoteCallRequest full = RemoteCalls.buildCallRequestNegotiated(program, "area_of", List.of(point(1, 2)), List.of());
        FunctionHash pointArea = program.blobs().values().stream().filter(x -> x.name().equals("Point.area")).findFirst().orElseThrow().contentHash();
        RemoteCallRequest without = new RemoteCallRequest(full.program(), full.functionName(), null, full.functionHash(), full.arguments(),
                null, full.typeSchemas(), full.programHash(),
                full.functionBlobs().stream().filter(h -> !h.hash().equals(pointArea)).toList(), null);
        WireMessage.RemoteCallResponse r = call(without);
        assertEquals(RemoteErrorKind.MissingModuleFunction.name(), r.error().kind(), r.error().message());

        for (Map<Object, Object> bad : List.<Map<Object, Object>>of(
                Map.of("Point", "no"),
                Map.of("Point", Map.of("method_hashes", Map.of("area", new byte[3]))),
                Map.of("Point", Map.of("method_hashes", List.of())),
                Map.of("", Map.of()),
                Map.of("Point", Map.of("fields", "x, y")),
                Map.of("Point", Map.of("fields", List.of("x", "y"))),
                Map.of("Point", Map.of("fields", List.of(Map.of("name", "")))),
                Map.of("Point", Map.of("fields", List.of(Map.of("name", "x", "type", 5)))),
                Map.of("Point", Map.of("fields", List.of(Map.of("name", "x"), Map.of("name", "x")))))) {
            WireMessage.RemoteCallResponse e = call(new RemoteCallRequest(full.program(), full.functionName(), null, full.functionHash(),
                    full.arguments(), null, bad, full.programHash(), full.functionBlobs(), null));
            assertEquals(RemoteErrorKind.ArgumentError.name(), e.error().kind(), e.error().message());
            assertTrue(e.error().message().startsWith("type_schemas: "), e.error().message());
        }
        // Keys a schema does not know (a newer sender's "variants") are ignored.
        Map<Object, Object> extra = new LinkedHashMap<>(full.typeSchemas());
        extra.put("Later", Map.of("variants", List.of("a", "b")));
        assertEquals(2.0, call(new RemoteCallRequest(full.program(), full.functionName(), null, full.functionHash(), full.arguments(),
                null, extra, full.programHash(), full.functionBlobs(), null)).value());
    }

    // ---- the declared fields in type_schemas ----

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> schemaOf(RemoteCallRequest request, String type) {
        return (Map<Object, Object>) request.typeSchemas().get(type);
    }

    private static Map<Object, Object> field(String name, String type) {
        Map<Object, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("type", type);
        return f;
    }

    @Test
    void typeSchemasCarryTheDeclaredFieldsOfTheStructTypesTheCallUses() {
        RemoteCallRequest req = RemoteCalls.buildCallRequestNegotiated(program, "field_sum", List.of(point(1, 2)), List.of());
        Map<Object, Object> pointSchema = schemaOf(req, "Point");
        assertEquals(List.of("fields", "method_hashes"), new ArrayList<>(pointSchema.keySet()), "a schema's keys in ascending order");
        assertEquals(List.of(field("x", "number"), field("y", "number")), pointSchema.get("fields"), "declaration order, types as written");
        assertFalse(schemaOf(req, "Res").containsKey("fields"), "Res is neither built by the call nor among its arguments");
        assertEquals(List.of(field("name", "string"), field("log", "array")),
                schemaOf(RemoteCalls.buildCallRequestNegotiated(program, "make_res", List.of("a"), List.of()), "Res").get("fields"),
                "a type the called function builds");

        Program plain = ShapeCompiler.compile("type P { a: int, b: Array<int> }\nfn f(x) { x }");
        assertNull(RemoteCalls.buildCallRequestNegotiated(plain, "f", List.of(1L), List.of()).typeSchemas(), "no methods, no struct used");
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("a", 1L);
        fields.put("b", new ArrayValue(new ArrayList<>()));
        ArrayValue nested = new ArrayValue(new ArrayList<>(List.of(new ObjectValue(fields, "P"))));
        RemoteCallRequest typed = RemoteCalls.buildCallRequestNegotiated(plain, "f", List.of(nested), List.of());
        assertEquals(Map.of("P", Map.of("fields", List.of(field("a", "int"), field("b", "Array<int>")))), typed.typeSchemas(),
                "a type found inside an argument");
        assertEquals(RemoteCalls.programHash(plain), RemoteCalls.programHash(new Program(plain.entry(), plain.blobs())),
                "the declarations are not part of the program hash");
    }

    private WireMessage.RemoteCallResponse callWith(String function, Object... args) {
        return call(RemoteCalls.buildCallRequestNegotiated(program, function, Arrays.asList(args), List.of()));
    }

    @Test
    void aTypedArgumentWhoseFieldsAreNotItsDeclaredOnesIsAnArgumentError() {
        ObjectValue extra = point(1, 2);
        extra.fields.put("z", 3.0);
        WireMessage.RemoteCallResponse r = callWith("field_sum", extra);
        assertEquals(RemoteErrorKind.ArgumentError.name(), r.error().kind(), r.error().message());
        assertEquals("argument 1: Point has no field 'z' (Point declares x, y)", r.error().message());

        ObjectValue missing = point(1, 2);
        missing.fields.remove("y");
        r = callWith("area_of", missing);
        assertEquals(RemoteErrorKind.ArgumentError.name(), r.error().kind(), r.error().message());
        assertEquals("argument 1: Point is missing field 'y' (Point declares x, y)", r.error().message());

        // At any depth of an argument, named by the argument that holds it.
        r = callWith("describe_all", new ArrayValue(new ArrayList<>(List.of(circle(1), missing))));
        assertEquals("argument 1: Point is missing field 'y' (Point declares x, y)", r.error().message());
        assertEquals(5.0, callOk("field_sum", point(2, 3)), "the declared fields pass");
    }

    @Test
    void aSchemaWithoutFieldsChecksNothingAndUnknownKeysOfAFieldAreIgnored() {
        ObjectValue extra = point(2, 3);
        extra.fields.put("z", 3.0);
        RemoteCallRequest full = RemoteCalls.buildCallRequestNegotiated(program, "field_sum", List.of(extra), List.of());
        Map<Object, Object> withoutFields = new LinkedHashMap<>(full.typeSchemas());
        Map<Object, Object> pointSchema = new LinkedHashMap<>(schemaOf(full, "Point"));
        pointSchema.remove("fields");
        withoutFields.put("Point", pointSchema);
        WireMessage.RemoteCallResponse r = call(new RemoteCallRequest(full.program(), full.functionName(), null, full.functionHash(),
                full.arguments(), null, withoutFields, full.programHash(), full.functionBlobs(), null));
        assertEquals(5.0, r.value(), "a caller that sends no fields (another language's) is not checked");

        Map<Object, Object> later = new LinkedHashMap<>(full.typeSchemas());
        Map<Object, Object> laterPoint = new LinkedHashMap<>(schemaOf(full, "Point"));
        laterPoint.put("fields", List.of(Map.of("name", "x", "default", 0), Map.of("name", "y"), Map.of("name", "z", "type", "number")));
        later.put("Point", laterPoint);
        WireMessage.RemoteCallResponse r2 = call(new RemoteCallRequest(full.program(), full.functionName(), null, full.functionHash(),
                full.arguments(), null, later, full.programHash(), full.functionBlobs(), null));
        assertEquals(5.0, r2.value(), () -> "a field's unknown keys and a missing type are fine: " + r2.error().message());
    }

    // ---- function values among the arguments and upvalues ----

    @Test
    void aFunctionValueArgumentTravelsWithItsBlobsAndTheMethodsItCalls() {
        Object area = localCall("area_fn");
        Object scaled = localCall("scaled_area_fn", 2.0);
        // apply_to calls no method by name: only the function values call area, so only their blobs can say it is needed.
        assertEquals(6.0, callOk("apply_to", area, point(2, 3)));
        assertEquals(12.0, callOk("apply_to", scaled, point(2, 3)), "a closure with a captured value");
        assertEquals(27.0, callOk("apply_to", Linker.link(program).byName("area_of").get(0), circle(3)), "a named function as a value");
        WireMessage.RemoteCallResponse whole = call(RemoteCalls.buildCallRequest(program, "apply_to", List.of(area, circle(1))));
        assertEquals(3.0, whole.value(), () -> "the whole-program call too: " + whole.error().message());

        // A function value nobody sent is a missing blob like any other, named so the caller can resend it.
        RemoteCallRequest sent = RemoteCalls.buildCallRequestNegotiated(program, "apply_to", List.of(area, point(2, 3)), List.of());
        FunctionHash nowhere = FunctionHash.of(new byte[32]);
        WireMessage.RemoteCallResponse r = call(new RemoteCallRequest(sent.program(), sent.functionName(), null, sent.functionHash(),
                List.of(new WireFunctionRef("nowhere", nowhere), point(2, 3)), null, sent.typeSchemas(), sent.programHash(),
                sent.functionBlobs(), null));
        assertEquals(RemoteErrorKind.MissingModuleFunction.name(), r.error().kind(), r.error().message());
        assertArrayEquals(nowhere.bytes(), (byte[]) ((List<?>) r.error().details().get("missing_hashes")).get(0));
    }

    @Test
    void aClosureCallWhoseCapturedFunctionCallsAMethodFindsIt() {
        Closure later = (Closure) localCall("describe_later", point(2, 3));
        WireMessage.RemoteCallResponse r = call(RemoteCalls.buildClosureCallRequest(program, later, List.of(), List.of()));
        assertTrue(r.isOk(), () -> r.error().kind() + " " + r.error().message());
        assertEquals("area 6.0", r.value(), "the captured f's blob and the describe and area rows it needs travel with the call");

        // A captured struct is checked against its declared fields like an argument.
        ObjectValue extra = point(2, 3);
        extra.fields.put("z", 1.0);
        Closure odd = (Closure) localCall("describe_later", extra);
        WireMessage.RemoteCallResponse e = call(RemoteCalls.buildClosureCallRequest(program, odd, List.of(), List.of()));
        assertEquals(RemoteErrorKind.ArgumentError.name(), e.error().kind(), e.error().message());
        assertTrue(e.error().message().matches("captured value [12]: Point has no field 'z' \\(Point declares x, y\\)"), e.error().message());
    }
}
