/** Runs commands for tools: cleared environment, fixed working directory, output caps, a timeout that kills the whole tree. */
package dev.toka.tools.sandbox;
