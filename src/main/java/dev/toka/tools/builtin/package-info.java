/** The built-in tools: workspace files, allow-listed HTTP GET and sandboxed processes. */
package dev.toka.tools.builtin;
