package dev.toka.readmodel;

import java.util.List;

/**
 * A page of the runs listing.
 *
 * @param runs     The runs, in the order they started.
 * @param next     The cursor of the next page, or {@code null} when this page is the last so far.
 * @param position The log position the listing reflects.
 */
public record RunPage(List<RunSummary> runs, String next, long position) {}
