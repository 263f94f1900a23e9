package dev.toka.store.jdbc;

import java.sql.SQLException;

/** What a database error means, by its SQLState, the same on H2 and PostgreSQL. */
final class SqlErrors {

    private SqlErrors() {}

    /** SQLState class 23: a unique index refused a row. */
    static boolean isIntegrityViolation(SQLException e) {
        for (Throwable chained : e) {
            if (chained instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
