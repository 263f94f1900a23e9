package dev.toka.agent;

import java.util.Optional;

/**
 * Runs tasks for one agent type. Plugins are CDI beans; the runtime finds them by {@link #agentType()},
 * and spawning an agent of a type no plugin claims is refused.
 */
public interface AgentPlugin {

    /** The agent type this plugin runs, for example {@code script}. */
    String agentType();

    /**
     * Performs one attempt at a task. Runs on a runtime worker thread, which is interrupted when the
     * attempt times out or the agent is terminated; long work should check {@link AgentContext#cancelled()}.
     *
     * @param context The task and its agent.
     * @return the outcome; a thrown exception counts as a failure
     */
    AgentResult execute(AgentContext context);

    /** Why a task's text cannot run on this type, found before it runs; empty when it can (the default). */
    default Optional<String> problemWith(String taskText) {
        return Optional.empty();
    }
}
