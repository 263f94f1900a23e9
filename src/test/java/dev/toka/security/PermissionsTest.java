package dev.toka.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How held permissions grant required ones, wildcards included. */
class PermissionsTest {

    @Test
    void exactPermissionGrantsItself() {
        assertTrue(Permissions.grants("task:schedule", "task:schedule"));
    }

    @Test
    void differentPermissionDoesNotGrant() {
        assertFalse(Permissions.grants("task:schedule", "agent:spawn"));
    }

    @Test
    void wildcardOnLastSegmentGrantsEveryPermissionBelowIt() {
        assertTrue(Permissions.grants("tool:*", "tool:fs.read"));
        assertTrue(Permissions.grants("tool:*", "tool:fs:read"));
    }

    @Test
    void wildcardDoesNotGrantItsOwnPrefixOrAnotherNamespace() {
        assertFalse(Permissions.grants("tool:*", "tool"));
        assertFalse(Permissions.grants("tool:*", "toolbox:x"));
        assertFalse(Permissions.grants("tool:*", "task:schedule"));
    }

    @Test
    void dotWildcardGrantsTheToolsOfOneMcpServerOnly() {
        assertTrue(Permissions.grants("tool:mcp.files.*", "tool:mcp.files.read"));
        assertFalse(Permissions.grants("tool:mcp.files.*", "tool:mcp.filesystem.read"));
        assertFalse(Permissions.grants("tool:mcp.files.*", "tool:mcp.files"));
        assertNull(Permissions.problemWith("tool:mcp.files.*"));
    }

    @Test
    void specificPermissionNeverGrantsTheWildcard() {
        assertFalse(Permissions.grants("tool:fs.read", "tool:*"));
    }

    @Test
    void adminGrantsEverything() {
        assertTrue(Permissions.grants("admin", "agent:control"));
        assertTrue(Permissions.grants(List.of("events:read", "admin"), "tool:process.exec"));
    }

    @Test
    void anyHeldPermissionMayGrant() {
        assertTrue(Permissions.grants(List.of("events:read", "task:*"), "task:schedule"));
        assertFalse(Permissions.grants(List.of("events:read"), "task:schedule"));
    }

    @Test
    void permissionOf64CharactersIsAcceptedAnd65Rejected() {
        assertNull(Permissions.problemWith("a".repeat(64)));
        assertTrue(Permissions.problemWith("a".repeat(65)).contains("64"));
    }

    @Test
    void malformedPermissionsAreRejected() {
        for (String bad : new String[] {"", "*", "tool:*:x", "Task:Schedule", "task::schedule"}) {
            assertNotNull(Permissions.problemWith(bad), bad);
        }
    }
}
