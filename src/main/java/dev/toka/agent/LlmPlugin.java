package dev.toka.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.toka.agent.AgentMemories.RecordedExchange;
import dev.toka.kernel.AgentMandate;
import dev.toka.kernel.RunLink;
import dev.toka.kernel.TaskApproval;
import dev.toka.llm.CallScope;
import dev.toka.llm.LlmGateway;
import dev.toka.llm.ModelRequestsSpentException;
import dev.toka.llm.ReplayMissException;
import dev.toka.security.BudgetExceededException;
import dev.toka.security.PermissionDeniedException;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.tools.ToolRegistry;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The {@code llm} agent type: works a task through a LangChain4j AI service whose model is the
 * {@link LlmGateway} (quotas, budgets, redaction, recording, replay) and whose tools are exactly those
 * the agent's capabilities grant. The task's outcome is the model's structured verdict.
 */
@Singleton
class LlmPlugin implements AgentPlugin {

    static final String TYPE = "llm";
    private static final String ROLE = """
            Work the tasks you are given with the tools you are offered; a tool's answer is JSON, or starts \
            with 'error:' or 'denied:'. Never invent a tool's result. Finish every task with a verdict.""";

    private static final String PROMPT = """
            Task: %s

            Use the tools you are offered where the task needs them. When you are done, or find that the \
            task cannot be done, give your verdict.""";

    private static final String RESUMED = """
            The tool calls you asked for have answered above, after a person decided on the one that needed \
            approval. Continue the task: %s

            When you are done, or find that the task cannot be done, give your verdict.""";

    private final SecurityPolicyCoordinator security;
    private final LlmGateway gateway;
    private final AgentToolCalls tools;
    private final ToolRegistry registry;
    private final AgentMemories memories;
    private final AgentConfig config;
    private final ObjectMapper mapper;

    LlmPlugin(SecurityPolicyCoordinator security, LlmGateway gateway, AgentToolCalls tools, ToolRegistry registry,
            AgentMemories memories, AgentConfig config, ObjectMapper mapper) {
        this.security = security;
        this.gateway = gateway;
        this.tools = tools;
        this.registry = registry;
        this.memories = memories;
        this.config = config;
        this.mapper = mapper;
    }

    @Override
    public String agentType() {
        return TYPE;
    }

    @Override
    public AgentResult execute(AgentContext context) {
        try {
            security.authorize(context.caller(), Permissions.LLM_INVOKE);
        } catch (PermissionDeniedException e) {
            return AgentResult.finalFailure("denied: " + e.getMessage());
        }
        AgentToolbox toolbox = new AgentToolbox(tools, registry, security, mapper, context);
        CallScope scope = scopeOf(context);
        String prompt = PROMPT.formatted(context.description());
        TaskApproval approval = context.approval();
        if (approval != null) {
            // Resumes from the model's recorded answer that asked for the call: the model is not asked again.
            RecordedExchange asked = memories.exchangeAt(approval.modelCall());
            if (approval.state() == TaskApproval.State.EXPIRED) {
                memories.resume(scope, asked, AgentToolbox.unanswered(asked.answer(), "error: the approval expired"));
                return AgentResult.finalFailure("approval " + approval.approvalId() + " of a call of "
                        + approval.toolId() + " expired: " + approval.reason());
            }
            memories.resume(scope, asked, toolbox.resume(asked.answer(), approval));
            prompt = RESUMED.formatted(context.description());
        }
        TaskAssistant assistant = AiServices.builder(TaskAssistant.class)
                .chatModel(new OfferedToolsModel(gateway.chatModelFor(scope), toolbox::stillOffered))
                .chatMemory(memories.of(scope))
                .systemMessageProvider(memoryId -> systemPrompt(context.mandate()))
                .toolProvider(toolbox)
                .hallucinatedToolNameStrategy(toolbox::unoffered)
                .toolExecutionErrorHandler(LlmPlugin::toolError)
                .maxSequentialToolsInvocations(config.llm().maxSteps())
                .build();
        TaskVerdict verdict;
        try {
            verdict = assistant.perform(prompt);
        } catch (AgentToolbox.ApprovalPending pending) {
            return new AgentResult.AwaitingApproval(pending.toolId, pending.argumentsSha256, pending.step,
                    memories.lastCallPosition(scope));
        } catch (BudgetExceededException e) {
            return AgentResult.finalFailure("budget exceeded: " + e.getMessage());
        } catch (ReplayMissException e) {
            return AgentResult.finalFailure("replay: " + e.getMessage());
        } catch (ModelRequestsSpentException e) {
            return AgentResult.finalFailure("model requests spent: " + e.getMessage());
        }
        if (verdict == null || verdict.status() == null) {
            return AgentResult.failure("the model's final answer held no verdict");
        }
        String summary = Optional.ofNullable(verdict.summary()).orElse("");
        return verdict.status() == TaskVerdict.Status.COMPLETED ? AgentResult.success(summary)
                : AgentResult.finalFailure("the agent judged the task failed: " + summary);
    }

    /** LangChain4j's own answer to a tool that threw, except for a call awaiting approval, which stops the attempt. */
    private static ToolErrorHandlerResult toolError(Throwable error, ToolErrorContext context) {
        if (error instanceof AgentToolbox.ApprovalPending pending) {
            throw pending;
        }
        return ToolErrorHandlerResult.text(error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getName() : error.getMessage());
    }

    /** Its standing instructions, the role, then what its run hands it: each dependency's result, labelled. */
    private static String systemPrompt(AgentMandate mandate) {
        StringBuilder prompt = new StringBuilder();
        if (mandate.instructions() != null) {
            prompt.append(mandate.instructions()).append("\n\n");
        }
        prompt.append(ROLE);
        RunLink run = mandate.run();
        if (run != null && run.inputs() != null) {
            prompt.append("\n\nResults of the agents you depend on:");
            run.inputs().forEach(input -> prompt.append("\n<result agent=\"").append(input.agent()).append("\">\n")
                    .append(input.result() == null ? "(skipped: it did not run)" : input.result())
                    .append("\n</result>"));
        }
        if (run != null && run.item() != null) {
            prompt.append("\n\nYou work on this one item of a fan-out:\n").append(run.item());
        }
        return prompt.toString();
    }

    private static CallScope scopeOf(AgentContext context) {
        AgentMandate mandate = context.mandate();
        RunLink run = mandate.run();
        if (run == null) {
            return new CallScope(context.vault(), context.agentId(), context.agentId(), null, context.taskId(),
                    mandate.budget(), null, null);
        }
        return new CallScope(context.vault(), context.agentId(), run.agentKey(), run.runId(), context.taskId(),
                mandate.budget(), run.runBudget(), run.replayOf());
    }
}
