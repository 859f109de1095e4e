package dev.shaperemote.worker.batch;

import dev.shaperemote.vm.ArrayValue;
import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.JsonValues;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.worker.WireCalls;
import dev.shaperemote.worker.WorkerConfig;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/**
 * Decodes one record into the arguments to call the job's function with ({@link ShapeMapWriter} runs the
 * calls on the call pool). A record that is not an argument list (a JSONL line) or a decodable Call (a
 * request-stream frame, decoded within {@code shape.worker.batch.max-frame-bytes} and the wire's decompression
 * ceiling) becomes its {@code err} line here: it never stops the job.
 */
@Named("shapeMapProcessor")
@Dependent
public class ShapeMapProcessor implements ItemProcessor {
    @Inject
    BatchConfig batch;
    @Inject
    WorkerConfig config;

    private WireLimits limits;

    @Override
    public Object processItem(Object item) {
        if (item instanceof FrameRecord frame) {
            if (limits == null) {
                limits = new WireLimits(WireLimits.DEFAULT_MAX_DEPTH, batch.maxFrameBytes(),
                        Math.max(1, Math.min(config.wireMaxDecompressedBytes(), WireLimits.HARD_MAX_BYTES)),
                        WireCalls.MAX_DECOMPRESSED_KEY);
            }
            return decode(frame, limits);
        }
        return decode((MapRecord) item);
    }

    /** A JSONL record: a JSON array of arguments (tagged or plain JSON), else an ArgumentError line. */
    static MapItem decode(MapRecord record) {
        long index = record.index();
        if (record.line() == null) {
            return MapItem.done(index, record.offset(), ResultLines.err(index, "ArgumentError",
                    "the record is longer than " + LineInput.MAX_LINE_BYTES + " bytes"));
        }
        try {
            Object parsed = JsonValues.parse(record.line());
            if (!(parsed instanceof ArrayValue a)) {
                return MapItem.done(index, record.offset(), ResultLines.err(index, "ArgumentError", "a record is a JSON array of arguments"));
            }
            return MapItem.call(index, record.offset(), a.items);
        } catch (ShapeError e) {
            return MapItem.done(index, record.offset(), ResultLines.err(index, "ArgumentError", "the record is not valid JSON: " + e.getMessage()));
        }
    }

    /**
     * A request-stream record: the arguments of its {@code Call} (the Call's own function, program and blobs are
     * not used). A frame that does not decode within {@code limits}, or is not a Call, is a ProtocolError line.
     */
    static MapItem decode(FrameRecord record, WireLimits limits) {
        long index = record.index();
        if (record.problem() != null) return MapItem.done(index, record.offset(), ResultLines.err(index, WireException.KIND, record.problem()));
        WireMessage message;
        try {
            message = Frames.decode(record.frame(), limits);
        } catch (RuntimeException e) { // WireException, or whatever a hostile payload provokes: never the job's end
            String why = e instanceof WireException ? e.getMessage() : "it is malformed";
            return MapItem.done(index, record.offset(), ResultLines.err(index, WireException.KIND, "the frame does not decode: " + why));
        }
        if (!(message instanceof WireMessage.Call c)) {
            return MapItem.done(index, record.offset(), ResultLines.err(index, WireException.KIND,
                    "a record of a request stream is a Call, not " + message.getClass().getSimpleName()));
        }
        List<Object> args = c.request().arguments();
        return MapItem.call(index, record.offset(), args == null ? List.of() : args);
    }
}
