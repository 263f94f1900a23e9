package dev.toka.cli;

/** One spec error as one line, the same for the offline validator and the service's answer. */
final class SpecErrors {

    private SpecErrors() {}

    static String line(String file, String field, String rule) {
        return field.isEmpty() ? file + ": " + rule : file + ": " + field + ": " + rule;
    }
}
