/** Runs commands for tools: under bubblewrap (namespaces, a minimal read-only file system, no network), with kernel resource limits, capped output and a timeout that ends every process of the call; refuses them when the sandbox cannot be set up. */
package dev.toka.tools.sandbox;
