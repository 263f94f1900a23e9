package dev.toka.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies a log verbatim from a source (a database or an export) to a target database and verifies
 * the target's whole chain before it reports success (docs/event-log.md, "Moving a log").
 *
 * <p>The target must be empty, or hold a prefix of exactly this source: the event at the target's
 * head position in the source has the target head's hash, which, the chain being a chain of hashes,
 * makes every earlier event equal too. That prefix is what an interrupted migration leaves behind, so
 * running it again resumes where the last committed batch ended. Each batch is one transaction on the
 * target that also moves its chain head, so an interruption never leaves half a batch.
 */
public final class LogMigration {

    private final Source source;
    private final Target target;
    private final int batchSize;
    private final Progress progress;

    /**
     * @param batchSize How many events one target transaction takes.
     * @param progress  Hears of every committed batch.
     */
    public LogMigration(Source source, Target target, int batchSize, Progress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.batchSize = batchSize;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Copies what the target lacks, then verifies the target.
     *
     * @param maxBatches Stop (with {@link MigrationException}) after this many batches: the test hook
     *                   of an interruption; {@link Long#MAX_VALUE} for none.
     * @throws MigrationException when the target is refused, the source breaks the chain, or the
     *     target does not verify; the target then holds an intact prefix of the source (or nothing new)
     */
    public Result run(long maxBatches) {
        Optional<ChainHead> end = source.head();
        ChainHead start = target.head();
        checkPrefix(start, end);
        ChainHead copiedTo = start;
        long last = end.map(ChainHead::position).orElse(Long.MAX_VALUE);
        long batches = 0;
        while (last > copiedTo.position()) {
            if (batches == maxBatches) {
                throw new MigrationException("stopped after " + batches + " batches as asked; the target holds"
                        + " positions 1.." + copiedTo.position() + ", run the same migration again to resume");
            }
            List<StoredEvent> batch = source.read(copiedTo.position() + 1,
                    (int) Math.min(batchSize, last - copiedTo.position()));
            if (batch.isEmpty()) {
                break;
            }
            copiedTo = target.append(copiedTo, batch);
            batches++;
            progress.committed(copiedTo.position() - start.position(), copiedTo, end);
        }
        if (end.isPresent() && !end.get().equals(copiedTo)) {
            throw new MigrationException("the copy ended at position " + copiedTo.position() + " with hash "
                    + copiedTo.hash() + ", not at the source's chain head " + end.get());
        }
        ChainVerification verification = target.verify();
        if (!verification.ok()) {
            throw new MigrationException("the target does not verify: its chain breaks at position "
                    + verification.firstBadPosition().getAsLong());
        }
        if (!verification.head().equals(copiedTo)) {
            throw new MigrationException("the target's head is position " + verification.head().position()
                    + ", not the copied " + copiedTo.position() + ": something else writes to it");
        }
        return new Result(start.position(), copiedTo.position() - start.position(), verification);
    }

    // A non-empty target is either this source's prefix (resume) or refused untouched.
    private void checkPrefix(ChainHead targetHead, Optional<ChainHead> end) {
        if (targetHead.position() == 0) {
            return;
        }
        if (end.isPresent() && end.get().position() < targetHead.position()) {
            throw new MigrationException("the target is not empty: it holds " + targetHead.position()
                    + " events, more than the source's " + end.get().position() + "; choose an empty target");
        }
        List<StoredEvent> atHead = source.read(targetHead.position(), 1);
        if (atHead.isEmpty() || atHead.get(0).position() != targetHead.position()
                || !atHead.get(0).hash().equals(targetHead.hash())) {
            throw new MigrationException("the target is not empty and holds another log: its event at position "
                    + targetHead.position() + " is not the source's; choose an empty target");
        }
    }

    /** What a migration did. */
    public record Result(long alreadyThere, long copied, ChainVerification verification) {}

    /** Where events come from, read-only. */
    public interface Source extends AutoCloseable {

        /** The source's last event when it records one apart from the events (a database); empty for an export. */
        Optional<ChainHead> head();

        /** Reads up to {@code limit} events from a position, in log order; positions only ever grow between calls. */
        List<StoredEvent> read(long fromPosition, int limit);

        @Override
        void close();
    }

    /** Where events go: a store that takes stored events verbatim. */
    public interface Target extends AutoCloseable {

        /** The target's chain head, once its shape is checked; refuses a broken target. */
        ChainHead head();

        /**
         * Checks that {@code events} continue the chain after {@code after} (positions, previous hashes,
         * recomputed hashes), then stores them as they are and moves the head, in one transaction.
         *
         * @return the new head
         */
        ChainHead append(ChainHead after, List<StoredEvent> events);

        /** Re-reads and checks the target's whole chain against its head. */
        ChainVerification verify();

        @Override
        void close();
    }

    /** Hears of each committed batch. */
    @FunctionalInterface
    public interface Progress {

        /**
         * @param copied How many events this run has copied so far.
         * @param head   The target's head now.
         * @param end    The source's head, when known.
         */
        void committed(long copied, ChainHead head, Optional<ChainHead> end);
    }
}
