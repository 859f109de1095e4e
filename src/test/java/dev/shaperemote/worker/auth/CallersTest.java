package dev.shaperemote.worker.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of a token's groups make a caller and which an administrator is configuration, not code. */
class CallersTest {
    @Test
    void theDefaultGroupsAreTheRoleNames() {
        Callers callers = Callers.of("shape-caller", "shape-admin");
        assertEquals(new Caller("alice", false), callers.caller("alice", List.of("shape-caller", "unrelated")));
        assertEquals(new Caller("ops", true), callers.caller("ops", List.of("shape-admin")));
        assertNull(callers.caller("eve", List.of("unrelated")), "no role group: no caller at all");
        assertNull(callers.caller("eve", List.of()));
    }

    @Test
    void anOrganisationsOwnGroupNamesGrantTheRoles() {
        Callers callers = Callers.of(" data-science , analysts", "platform-operators,sre");
        assertFalse(callers.caller("ana", List.of("analysts")).admin());
        assertTrue(callers.caller("sam", List.of("sre")).admin());
        assertNull(callers.caller("joe", List.of("shape-caller")), "the default names grant nothing once replaced");
        assertEquals(List.of("analysts", "data-science"), callers.callerGroupNames().stream().sorted().toList());
    }

    @Test
    void anAdminMayUseWhatAnyoneOwnsACallerOnlyItsOwn() {
        assertTrue(new Caller("alice", false).mayUse("alice"));
        assertFalse(new Caller("alice", false).mayUse("bob"));
        assertTrue(new Caller("ops", true).mayUse("bob"));
    }
}
