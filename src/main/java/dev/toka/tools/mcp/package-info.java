/**
 * External MCP servers (stdio in the process sandbox, Streamable HTTP on allow-listed hosts) whose tools
 * become Toka tools {@code mcp.<server>.<tool>}, called through the one invocation path.
 */
package dev.toka.tools.mcp;
