/** Workstreams: specs, their dependency graph, and runs that drive agents through kernel operations only. */
package dev.toka.orchestration;
