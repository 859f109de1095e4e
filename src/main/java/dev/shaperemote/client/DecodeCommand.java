package dev.shaperemote.client;

import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code shape-remote decode}: every message of a wire stream as one line of JSON. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Prints every message of a wire stream as JSON, one per line",
                "(values in the tagged form, hashes as lowercase hex, binary data as base64).",
                "A malformed stream prints the messages before the fault, then an error, and exits with 1."})
public final class DecodeCommand extends PrintingCommand {
    @Mixin StreamInput input;

    @Override void print(PrintWriter out) {
        try (WireStreamReader reader = new WireStreamReader(input.open(), WireLimits.DEFAULT)) {
            // A frame that cannot be read throws a WireException naming it; one that cannot be decoded is named here.
            for (byte[] frame = reader.nextFrame(); frame != null; frame = reader.nextFrame()) {
                out.println(JsonLines.of(decode(frame, reader.framesRead() - 1)));
                out.flush(); // what was decoded stays visible when a later frame is bad
            }
        }
    }

    private static WireMessage decode(byte[] frame, int index) {
        try {
            return Frames.decode(frame, WireLimits.DEFAULT);
        } catch (WireException e) {
            throw new CliError(e.kind(), "frame " + index + ": " + e.getMessage());
        }
    }
}
