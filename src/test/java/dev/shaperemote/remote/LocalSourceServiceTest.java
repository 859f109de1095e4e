package dev.shaperemote.remote;

import dev.shaperemote.wire.Diagnostic;
import dev.shaperemote.wire.WireMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSourceServiceTest {
    private final LocalSourceService service = new LocalSourceService();

    private WireMessage.ExecuteResponse execute(String code, long requestId) {
        return (WireMessage.ExecuteResponse) service.execute(new WireMessage.Execute(code, requestId)).message();
    }

    @Test
    void executeReturnsValueAndOutput() {
        Answer answer = service.execute(new WireMessage.Execute("print(\"hi\")\n1 + 2", 7));
        assertNull(answer.errorKind());
        WireMessage.ExecuteResponse r = (WireMessage.ExecuteResponse) answer.message();
        assertTrue(r.success());
        assertEquals(7, r.requestId());
        assertEquals(3L, r.value());
        assertEquals("hi\n", r.stdout());
        assertNull(r.error());
        assertEquals(List.of(), r.diagnostics());
    }

    @Test
    void aCompileErrorIsADiagnosticWithLineAndColumn() {
        Answer answer = service.execute(new WireMessage.Execute("let x = 1\nlet = = 3", 1));
        assertEquals(RemoteErrorKind.CompileError, answer.errorKind());
        WireMessage.ExecuteResponse r = (WireMessage.ExecuteResponse) answer.message();
        assertFalse(r.success());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("error", d.severity());
        assertEquals(2, d.line());
        assertTrue(d.column() > 0);
        assertFalse(d.message().startsWith("line "), d.message());
        assertTrue(r.error().startsWith("CompileError: line 2, column "), r.error());
    }

    @Test
    void aRuntimeErrorKeepsTheOutputBeforeIt() {
        WireMessage.ExecuteResponse r = execute("print(\"before\")\n1 / 0", 2);
        assertFalse(r.success());
        assertEquals("before\n", r.stdout());
        assertTrue(r.error().startsWith("RuntimeError: "), r.error());
    }

    @Test
    void validateChecksWithoutRunning() {
        Answer good = service.validate(new WireMessage.Validate("while true { }", 3));
        assertTrue(((WireMessage.ValidateResponse) good.message()).success());
        assertNull(good.errorKind());
        Answer invalid = service.validate(new WireMessage.Validate("fn f( {", 4));
        assertEquals(RemoteErrorKind.CompileError, invalid.errorKind());
        WireMessage.ValidateResponse bad = (WireMessage.ValidateResponse) invalid.message();
        assertFalse(bad.success());
        assertEquals(4, bad.requestId());
        assertEquals(1, bad.diagnostics().get(0).line());
    }
}
