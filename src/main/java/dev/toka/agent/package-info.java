/** Agent execution: the {@link dev.toka.agent.AgentPlugin} SPI, the built-in plugins and the runtime that runs queued tasks. */
package dev.toka.agent;
