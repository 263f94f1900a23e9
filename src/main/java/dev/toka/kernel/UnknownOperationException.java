package dev.toka.kernel;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;
import java.util.Set;

/** No handler knows this opcode (HTTP 400); the message lists the known ones. */
public final class UnknownOperationException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(400, "unknown-operation",
            "No such operation");

    public UnknownOperationException(String opcode, Set<String> known) {
        super("unknown op '" + opcode + "'; known ops: " + String.join(", ", known));
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("field", "op");
    }
}
