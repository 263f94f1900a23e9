package dev.toka.kernel;

import dev.toka.NonRetriableException;
import java.util.Set;

/** No handler knows this opcode (HTTP 400); the message lists the known ones. */
public final class UnknownOperationException extends NonRetriableException {

    public UnknownOperationException(String opcode, Set<String> known) {
        super("unknown op '" + opcode + "'; known ops: " + String.join(", ", known));
    }
}
