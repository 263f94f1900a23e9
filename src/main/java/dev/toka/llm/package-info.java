/**
 * The LLM gateway: every model call of an agent goes through {@link dev.toka.llm.LlmGateway}, which
 * redacts secrets, checks rate limits and budgets with the security policy, guards the call with
 * timeouts, retries, a circuit breaker and a fallback model, records request and answer in the log,
 * and can answer a replayed run from that recording. {@link dev.toka.llm.UsageLedger} sums tokens and
 * cost per agent, run and vault from the log.
 */
package dev.toka.llm;
