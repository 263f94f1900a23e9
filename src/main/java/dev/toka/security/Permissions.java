package dev.toka.security;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Permission names and how a held permission grants a required one.
 *
 * <p>A permission is one or more segments joined by {@code :} ({@code task:schedule},
 * {@code tool:fs.read}); the last segment of a held permission may be {@code *}, which grants every
 * permission with the same leading segments ({@code tool:*} grants {@code tool:fs.read}, never the
 * reverse). A last segment may also end in {@code .*}, which grants every permission that continues it
 * ({@code tool:mcp.files.*} grants {@code tool:mcp.files.read}: the tools of one MCP server).
 * {@value #ADMIN} grants everything.
 */
public final class Permissions {

    public static final String ADMIN = "admin";
    public static final String AGENT_SPAWN = "agent:spawn";
    public static final String AGENT_CONTROL = "agent:control";
    public static final String TASK_SCHEDULE = "task:schedule";
    public static final String TASK_REPORT = "task:report";
    public static final String OBSERVATION_EMIT = "observation:emit";
    public static final String EVENTS_READ = "events:read";
    /** Calling a language model through the LLM gateway; an {@code llm} agent needs it in its mandate. */
    public static final String LLM_INVOKE = "llm:invoke";
    /** Granting or rejecting a tool call that needs a person's approval (docs/agents.md, "Approvals"). */
    public static final String APPROVAL_GRANT = "approval:grant";
    /** Network access for the commands of a tool whose manifest allows it ({@code network: true}). */
    public static final String NET_CONNECT = "net:connect";

    /** Longest permission name, in characters. */
    public static final int MAX_LENGTH = 64;

    /** Most permissions one token may carry. */
    public static final int MAX_COUNT = 100;

    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9._-]*(:[a-z0-9][a-z0-9._-]*)*(:\\*|\\.\\*)?");

    private Permissions() {}

    /** Whether {@code held} grants {@code required}. */
    public static boolean grants(Collection<String> held, String required) {
        for (String permission : held) {
            if (grants(permission, required)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one held permission grants {@code required}. */
    public static boolean grants(String held, String required) {
        if (held.equals(ADMIN) || held.equals(required)) {
            return true;
        }
        // "tool:*" covers "tool:x" and "tool:x:y" but not "tool" itself; "tool:mcp.a.*" covers "tool:mcp.a.b".
        return held.endsWith("*") && required.startsWith(held.substring(0, held.length() - 1));
    }

    /** Why a permission name is unacceptable, or {@code null} when it is fine. */
    public static String problemWith(String permission) {
        if (permission == null || permission.isEmpty()) {
            return "must not be empty";
        }
        if (permission.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (!SYNTAX.matcher(permission).matches()) {
            return "must be lower-case segments joined by ':' with an optional final ':*' or '.*'";
        }
        return null;
    }

    /** The UTF-8 length of a string, the unit of every identifier limit. */
    public static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
