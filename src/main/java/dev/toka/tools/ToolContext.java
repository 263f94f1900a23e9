package dev.toka.tools;

/**
 * What a running tool may know about its call.
 *
 * @param scope     Whom the call is for.
 * @param workspace The directory the call may touch.
 * @param network   Whether the call's commands may use the network: the tool's manifest allows it and the
 *                  caller holds {@code net:connect}.
 * @since 0.1
 */
public record ToolContext(ToolScope scope, Workspace workspace, boolean network) {}
