package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.Permissions;
import java.util.regex.Pattern;

/**
 * What a tool is and what calling it needs.
 *
 * @param id          The tool's name, lower-case, for example {@code fs.read}.
 * @param version     The tool's version, for example {@code 1.0.0}; recorded with every call.
 * @param description What the tool does, for people and models.
 * @param permission  The permission a caller must hold; by default {@code tool:<id>}.
 * @param sideEffect  What calling it does to the world.
 * @param inputSchema The JSON schema (draft 2020-12 unless it names draft 07) its input must match.
 * @param network     Whether its commands may use the network; they get it only for a caller that also
 *                    holds {@value Permissions#NET_CONNECT}.
 * @param approvalRequired Whether every call needs a person's approval first (docs/agents.md, "Approvals");
 *                    {@code toka.tools.approval-required} can ask it of any tool too.
 * @since 0.1
 */
public record ToolManifest(
        String id, String version, String description, String permission, SideEffect sideEffect,
        JsonNode inputSchema, boolean network, boolean approvalRequired) {

    /** Tool ids: short enough that {@code tool:<id>} stays within the permission length limit. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,58}");

    public ToolManifest {
        require(id != null && ID.matcher(id).matches(), "id", "must be 1-59 of a-z, 0-9, '.', '_', '-', starting"
                + " with a letter or digit");
        require(version != null && !version.isBlank() && version.length() <= 64, "version", "must be 1-64 characters");
        require(description != null && !description.isBlank() && description.length() <= 1024, "description",
                "must be 1-1024 characters");
        permission = permission == null ? "tool:" + id : permission;
        String problem = Permissions.problemWith(permission);
        require(problem == null, "permission", String.valueOf(problem));
        require(sideEffect != null, "sideEffect", "must be one of none, read-only, idempotent, external, privileged");
        require(inputSchema != null && inputSchema.isObject(), "inputSchema", "must be a JSON schema object");
    }

    /** A manifest with the default permission {@code tool:<id>}, without network. */
    public static ToolManifest of(String id, String version, String description, SideEffect sideEffect,
            JsonNode inputSchema) {
        return new ToolManifest(id, version, description, null, sideEffect, inputSchema, false, false);
    }

    private static void require(boolean rule, String field, String broken) {
        if (!rule) {
            throw new InvalidManifestException(field, broken);
        }
    }
}
