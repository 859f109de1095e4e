package dev.shaperemote.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorTextTest {
    @Test
    void absolutePathsAndClassNamesNeverReachACaller() {
        String dirty = "'../x' is outside the batch directory (/work/wlp/usr/servers/shapeIt/shape-batches): "
                + "java.nio.file.NoSuchFileException at dev.shaperemote.worker.batch.BatchesResource, C:\\srv\\data\\x.jsonl";
        String clean = ErrorText.clean(dirty);
        assertFalse(clean.contains("/work"), clean);
        assertFalse(clean.contains("java."), clean);
        assertFalse(clean.contains("dev.shaperemote."), clean);
        assertFalse(clean.contains("C:\\srv"), clean);
        assertTrue(clean.startsWith("'../x' is outside the batch directory"), clean);
    }

    @Test
    void ordinaryMessagesAreLeftAlone() {
        for (String s : new String[] {"the request body is larger than the limit of 65536 bytes",
                "unknown connection; create one with POST /api/v1/connections", "no file 'inputs/data.jsonl' in the batch directory",
                "division by zero: 1/0", "see https://example.org/a/b for more"}) {
            assertEquals(s, ErrorText.clean(s));
        }
    }

    @Test
    void refusalsAreCleanedWhereTheyAreMade() {
        WorkerFailure f = WorkerFailure.protocol("cannot read /var/lib/shape/jobs/x: jakarta.ws.rs.ProcessingException");
        assertFalse(f.getMessage().contains("/var/lib"), f.getMessage());
        assertFalse(f.getMessage().contains("jakarta."), f.getMessage());
    }
}
