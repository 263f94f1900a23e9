package dev.toka.readmodel;

import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A listing's query under construction: conditions joined by {@code and}, their parameters, and the page
 * bounds every listing shares.
 */
final class Listing {

    /** Rows per page unless the caller asks for another number. */
    static final int DEFAULT_LIMIT = 100;
    /** Most rows one page may hold. */
    static final int MAX_LIMIT = 1_000;

    private final List<String> conditions = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    /** Only rows whose paging key lies after the cursor's. */
    Listing(String key, Cursor cursor) {
        where(key + " > :after", "after", cursor.after());
    }

    Listing where(String condition, String name, Object value) {
        conditions.add(condition);
        parameters.and(name, value);
        return this;
    }

    /** Adds {@code field = :name} when the filter is given. */
    Listing equal(String field, Optional<?> value) {
        value.ifPresent(v -> where(field + " = :" + field, field, v));
        return this;
    }

    String query() {
        return String.join(" and ", conditions);
    }

    Parameters parameters() {
        return parameters;
    }

    /** The page size asked for, checked: a whole number from 1 to {@value #MAX_LIMIT}. */
    static int limit(Optional<String> limit) {
        int value;
        try {
            value = limit.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return value;
    }

    /** A LIKE pattern that finds {@code text} (taken literally) between two {@code delimiter}s. */
    static String delimited(char delimiter, String text) {
        String literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + delimiter + literal + delimiter + "%";
    }
}
