package dev.toka.store;

import java.util.Optional;

/**
 * The last verified checkpoint: a position and hash up to which a full check of the chain found the log
 * intact, kept apart from the events (like the chain head), so that the next check may start there.
 */
public interface ChainCheckpoints {

    /** The checkpoint, empty before the first successful check. */
    Optional<ChainHead> last();

    /** Records {@code verified} as the checkpoint when it lies beyond the current one. */
    void record(ChainHead verified);
}
