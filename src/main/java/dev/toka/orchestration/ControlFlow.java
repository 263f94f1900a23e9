package dev.toka.orchestration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an agent's place in its run goes beyond "after its required dependencies" (docs/orchestration.md,
 * "Control flow"); every expression is CEL ({@link Expressions}).
 *
 * @param when   A condition over {@code deps}: the agent runs only when it holds, else it ends {@code skipped};
 *               {@code null}: it runs once its dependencies completed.
 * @param loop   Repeat the agent's tasks until a condition holds, or {@code null}.
 * @param fanOut Run one instance per element of a list, or {@code null}.
 * @param output Name to expression over {@code tasks}: the agent's result is that JSON object; empty: its last
 *               task's result.
 */
public record ControlFlow(String when, Loop loop, FanOut fanOut, Map<String, String> output) {

    /** Plain agents: run after their dependencies, once, their last task's result as theirs. */
    static final ControlFlow NONE = new ControlFlow(null, null, null, Map.of());

    public ControlFlow {
        output = output == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(output));
    }

    /**
     * A bounded loop.
     *
     * @param until         A condition over {@code result} (this iteration's result) and {@code iteration} (from 1).
     * @param maxIterations The most iterations; reaching it without the condition holding fails the agent.
     */
    public record Loop(String until, int maxIterations) {}

    /**
     * A dynamic fan-out, joined by the agent itself: its result is the list of its instances' results.
     *
     * @param items       An expression over {@code deps} giving the list to fan out over.
     * @param maxItems    The most elements; a longer list fails the agent.
     * @param concurrency How many instances run at once.
     */
    public record FanOut(String items, int maxItems, int concurrency) {}
}
