package dev.toka.tools;

/**
 * What a running tool may know about its call.
 *
 * @param scope     Whom the call is for.
 * @param workspace The directory the call may touch.
 * @since 0.1
 */
public record ToolContext(ToolScope scope, Workspace workspace) {}
