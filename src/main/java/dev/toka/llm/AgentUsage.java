package dev.toka.llm;

/**
 * What one agent's model calls have spent, and the HTTP requests of its latest task.
 *
 * @param runId      The agent's run, or {@code null} outside a run.
 * @param usage      Tokens and cost of its calls.
 * @param latestTask The HTTP requests of its latest task that made a call, or {@code null} for none.
 */
public record AgentUsage(String runId, Usage usage, TaskRequests latestTask) {

    /** An agent that has called no model yet. */
    static AgentUsage none(String runId) {
        return new AgentUsage(runId, Usage.NONE, null);
    }

    /** The usage of {@code call}'s agent after it: {@code known} ({@code null} before its first call) plus it. */
    static AgentUsage after(AgentUsage known, CallSpend call) {
        return (known != null ? known : none(call.runId())).plus(call);
    }

    /**
     * This usage and one more call's. An agent works one task at a time, so its latest task is the only one whose
     * count can still grow.
     */
    private AgentUsage plus(CallSpend call) {
        TaskRequests task = latestTask;
        if (call.taskId() != null) {
            task = task != null && task.taskId().equals(call.taskId()) ? task.plus(call.requests())
                    : new TaskRequests(call.taskId(), call.requests());
        }
        return new AgentUsage(runId, usage.plus(call.usage()), task);
    }

    /** HTTP requests the calls of {@code taskId} sent: 0 unless it is the latest task. */
    long requestsOf(String taskId) {
        return latestTask != null && latestTask.taskId().equals(taskId) ? latestTask.requests() : 0;
    }

    /** The HTTP requests a task's model calls sent so far. */
    public record TaskRequests(String taskId, long requests) {

        TaskRequests plus(long more) {
            return new TaskRequests(taskId, requests + more);
        }
    }
}
