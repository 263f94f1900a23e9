package dev.toka.kernel;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** No queued task holds an approval with this id, or none the caller may see (HTTP 404). */
public final class ApprovalNotFoundException extends NonRetriableException {

    private final String approvalId;

    public ApprovalNotFoundException(String approvalId) {
        super("no approval with id " + approvalId);
        this.approvalId = approvalId;
    }

    @Override
    public ProblemKind problemKind() {
        return ProblemKind.NOT_FOUND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("approvalId", approvalId);
    }
}
