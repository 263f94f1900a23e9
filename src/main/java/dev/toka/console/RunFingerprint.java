package dev.toka.console;

import dev.toka.orchestration.RunView;
import dev.toka.orchestration.RunView.AgentRunView;

/**
 * What a live run page last drew: the run's state and each agent's phase and completed tasks, folded
 * into one number, so the stream can tell whether a redraw would show anything new. One per stream.
 */
final class RunFingerprint {

    private long last;
    private boolean drawn;
    private boolean ended;

    /** Whether {@code view} differs from the one seen before (the first one always does); remembers it. */
    synchronized boolean changed(RunView view) {
        long print = view.state().hashCode();
        for (AgentRunView agent : view.agents()) {
            print = 31 * print + agent.state().ordinal();
            print = 31 * print + agent.completedTasks();
        }
        ended = view.finishedAt() != null;
        boolean changed = !drawn || print != last;
        drawn = true;
        last = print;
        return changed;
    }

    /** Whether the last view seen was of an ended run. */
    synchronized boolean ended() {
        return ended;
    }
}
