package dev.toka.readmodel;

import java.util.List;

/**
 * A page of the agents listing.
 *
 * @param agents   The agents, in the order they were spawned.
 * @param next     The cursor of the next page, or {@code null} when this page is the last so far.
 * @param position The log position the listing reflects.
 */
public record AgentPage(List<AgentSummary> agents, String next, long position) {}
