package dev.shaperemote.bench;

import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.remote.Sidecars;
import dev.shaperemote.vm.TypedArray;
import dev.shaperemote.wire.RemoteCallRequest;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import dev.shaperemote.wire.WireStreamWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar benchmark: encoding plus decoding of a {@code Call} whose only argument is a
 * 1 000 000-element F64 typed array (8 000 000 bytes), which travels as a sidecar, against a plain
 * {@link ByteBuffer} copy of the same 8 000 000 bytes in the same run.
 *
 * <p>One round trip is what a sender and a receiver do together:
 * {@link Sidecars#extractSidecars} (SHA-256 of the data for the placeholder) →
 * {@link WireStreamWriter#toBytes} ({@code [Sidecar, Call]}, uncompressed frames) →
 * {@link WireStreamReader#readAll} → {@link Sidecars#reassembleSidecars} (SHA-256 again, to check
 * the data against the placeholder). The data are pseudo-random doubles (fixed seed), which zstd
 * cannot shrink.
 *
 * <ul>
 *   <li>{@code copyFresh}: the reference. A new 8 MB heap buffer and one bulk {@code put}, as a copy
 *       that produces a new value must do.</li>
 *   <li>{@code copyInto}: the same copy into a buffer allocated once (no allocation, no zeroing).</li>
 *   <li>{@code sidecarRoundTrip}: the codec, frames uncompressed ({@code compress=false}).</li>
 *   <li>{@code sidecarRoundTripZstdTried}: the same with {@code compress=true}: the writer compresses a
 *       64 KiB sample of the 8 MB sidecar payload, sees it does not shrink, and sends the frame raw.</li>
 *   <li>{@code codecRoundTrip}: the codec alone, without extract and reassemble (so without the two
 *       SHA-256): the {@code [Sidecar, Call]} messages are built once, then only
 *       {@link WireStreamWriter#toBytes} → {@link WireStreamReader#readAll}.</li>
 *   <li>{@code sha256Only}: one SHA-256 of the 8 MB, to show the share of the two hashes in a round trip.</li>
 * </ul>
 *
 * <pre>
 * mvn -Pbench package -DskipTests
 * java -jar target/benchmarks.jar WireSidecarBench -f 2 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireSidecarBench {
    static final int ELEMENTS = 1_000_000;

    private TypedArray array;
    private ByteBuffer source;
    private ByteBuffer target;
    private FunctionHash someHash;
    private List<WireMessage> messages;

    @Setup(Level.Trial)
    public void setUp() {
        double[] values = new double[ELEMENTS];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < ELEMENTS; i++) values[i] = random.nextDouble() * 1e6;
        array = TypedArray.ofDoubles(values);
        source = ByteBuffer.wrap(array.data);
        target = ByteBuffer.allocate(array.data.length);
        someHash = FunctionHash.of(new byte[32]);
        messages = messages(Sidecars.extractSidecars(List.of(array), null, Sidecars.SIDECAR_THRESHOLD));
        // Fail the trial unless the round trip gives back the same array, as one sidecar.
        Object back = roundTrip(false);
        if (!array.equals(back) || back == array) throw new IllegalStateException("sidecar round trip changed the array");
        if (sidecarCount(false) != 1) throw new IllegalStateException("the array did not travel as a sidecar");
    }

    @Benchmark
    public ByteBuffer copyFresh() {
        ByteBuffer copy = ByteBuffer.allocate(source.capacity());
        copy.put(source.duplicate());
        return copy;
    }

    @Benchmark
    public ByteBuffer copyInto() {
        target.clear();
        target.put(source.duplicate());
        return target;
    }

    @Benchmark
    public Object sidecarRoundTrip() { return roundTrip(false); }

    @Benchmark
    public Object sidecarRoundTripZstdTried() { return roundTrip(true); }

    @Benchmark
    public List<WireMessage> codecRoundTrip() { return WireStreamReader.readAll(WireStreamWriter.toBytes(messages, false), WireLimits.DEFAULT); }

    @Benchmark
    public byte[] sha256Only() { return dev.shaperemote.bytecode.BlobHasher.sha256(array.data); }

    private byte[] encode(boolean compress) {
        return WireStreamWriter.toBytes(messages(Sidecars.extractSidecars(List.of(array), null, Sidecars.SIDECAR_THRESHOLD)), compress);
    }

    private List<WireMessage> messages(Sidecars.Extracted out) {
        List<WireMessage> messages = new ArrayList<>(out.sidecars());
        messages.add(new WireMessage.Call(new RemoteCallRequest(null, "f", null, someHash, out.arguments(), null, null,
                someHash, null, 1L)));
        return messages;
    }

    private Object roundTrip(boolean compress) {
        List<WireMessage> in = WireStreamReader.readAll(encode(compress), WireLimits.DEFAULT);
        List<WireMessage.BlobSidecar> sidecars = new ArrayList<>();
        for (int i = 0; i < in.size() - 1; i++) sidecars.add((WireMessage.BlobSidecar) in.get(i));
        RemoteCallRequest call = ((WireMessage.Call) in.get(in.size() - 1)).request();
        return Sidecars.reassembleSidecars(call.arguments(), call.upvalues(), sidecars).arguments().get(0);
    }

    private int sidecarCount(boolean compress) {
        return WireStreamReader.readAll(encode(compress), WireLimits.DEFAULT).size() - 1;
    }
}
