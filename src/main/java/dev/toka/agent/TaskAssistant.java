package dev.toka.agent;

/**
 * The LangChain4j AI service an LLM agent works a task through, built per attempt by {@link LlmPlugin}
 * around the agent's chat memory and tools. Deliberately free of LangChain4j's service annotations:
 * Quarkus LangChain4j would take an annotated interface for a declarative service of its own.
 */
interface TaskAssistant {

    /**
     * Works the task, calling tools as needed, and ends with a verdict.
     *
     * @param prompt The task, as the agent is told it.
     */
    TaskVerdict perform(String prompt);
}
