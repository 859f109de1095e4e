package dev.shaperemote.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shaperemote.wire.Frames;
import dev.shaperemote.wire.WireException;
import dev.shaperemote.wire.WireMessage;
import dev.shaperemote.wire.WireStreamReader;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames and streams (WIRE.md section 2) under small {@link dev.shaperemote.wire.WireLimits}: the
 * input is read as a whole stream (in memory and from an InputStream) and as a single frame. The
 * only failure allowed is a {@link WireException}; both stream readers must agree.
 */
class FuzzFramesTest {
    @FuzzTest(maxDuration = "10s")
    void streams(byte[] data) {
        Integer inMemory = null;
        try {
            List<WireMessage> all = WireStreamReader.readAll(data, FuzzChecks.LIMITS);
            inMemory = all.size();
        } catch (WireException e) {
            // documented
        }
        Integer streamed = 0;
        try (WireStreamReader r = new WireStreamReader(new ByteArrayInputStream(data), FuzzChecks.LIMITS)) {
            while (r.next() != null) streamed++;
        } catch (WireException e) {
            streamed = null;
        }
        assertEquals(inMemory, streamed, "readAll and the streaming reader disagree");

        try {
            Frames.decode(data, FuzzChecks.LIMITS);
        } catch (WireException e) {
            // documented
        }
        try {
            Frames.payload(data, FuzzChecks.LIMITS);
        } catch (WireException e) {
            // documented
        }
    }
}
