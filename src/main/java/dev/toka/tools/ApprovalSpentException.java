package dev.toka.tools;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/** The approval capability was already spent by another call (HTTP 409, {@code approval-spent}): it works once. */
public final class ApprovalSpentException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(409, "approval-spent",
            "This approval was already used by another call");

    public ApprovalSpentException(String tokenId) {
        super("approval " + tokenId + " was already used by another call; an approval works once");
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
