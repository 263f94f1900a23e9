/**
 * The {@code toka} command line: {@code serve} starts the service; every other command runs before
 * Quarkus starts, without CDI, a database or a port. Client commands speak the HTTP API with the
 * JDK client; offline commands ({@code verify}, {@code spec validate}) touch only files.
 */
package dev.toka.cli;
