package dev.toka.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import dev.toka.TokaException;
import dev.toka.kernel.TaskApproval;
import dev.toka.security.PermissionDeniedException;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.tools.ApprovalRequiredException;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolOutcome;
import dev.toka.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tools of one attempt of an LLM agent: exactly those its capabilities grant and the Rule of Two
 * has not withdrawn, offered to the model under function-safe names (a model function name allows no
 * dots). Every call, offered or not, goes through {@link AgentToolCalls} as the agent, with an
 * idempotency key for its step, so a tool the agent may not use is refused and audited there, and
 * the model is told why.
 */
final class AgentToolbox implements ToolProvider {

    private final AgentToolCalls tools;
    private final ToolRegistry registry;
    private final SecurityPolicyCoordinator security;
    private final ObjectMapper mapper;
    private final AgentContext context;
    private final Map<String, String> offered = new HashMap<>();
    private final AtomicInteger steps = new AtomicInteger();

    AgentToolbox(AgentToolCalls tools, ToolRegistry registry, SecurityPolicyCoordinator security, ObjectMapper mapper,
            AgentContext context) {
        this.tools = tools;
        this.registry = registry;
        this.security = security;
        this.mapper = mapper;
        this.context = context;
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        ToolProviderResult.Builder tools = ToolProviderResult.builder();
        for (ToolManifest manifest : registry.permitted(context.caller())) {
            if (withdrawn(manifest)) {
                continue;
            }
            String name = functionName(manifest.id());
            offered.put(name, manifest.id());
            tools.add(specificationOf(name, manifest), (call, memoryId) -> call(manifest.id(), call.arguments()));
        }
        return tools.build();
    }

    /**
     * Whether a tool offered at the start of the task is still offered now: LangChain4j asks for the tools once
     * per task, so {@link OfferedToolsModel} asks again before every request to the model.
     */
    boolean stillOffered(String functionName) {
        String toolId = offered.get(functionName);
        return toolId == null || registry.find(toolId).map(tool -> !withdrawn(tool.manifest())).orElse(false);
    }

    /** Whether the Rule of Two has taken the tool from the agent: it could carry data out of an untrusted context. */
    private boolean withdrawn(ToolManifest manifest) {
        return security.withdrawn(context.agentId(), manifest.effects());
    }

    /** Answers a call to a tool that was not offered: still tried, so the refusal is the policy's and audited. */
    ToolExecutionResultMessage unoffered(ToolExecutionRequest request) {
        String toolId = offered.getOrDefault(request.name(), request.name().replace('_', '.'));
        return ToolExecutionResultMessage.from(request, call(toolId, request.arguments()));
    }

    /**
     * Answers the tool calls of a model answer recorded by an earlier attempt that stopped for {@code approval},
     * now decided: each call keeps the key (attempt, step) it was first made with, so one that already ran
     * replays its recorded outcome. The approved call runs once with its capability; a rejected one is answered
     * with the rejection; another call in the same answer that needs approval is told to ask again.
     */
    List<ToolExecutionResultMessage> resume(AiMessage answer, TaskApproval approval) {
        List<ToolExecutionRequest> requests = answer.toolExecutionRequests();
        int approved = firstNeedingApproval(requests);
        List<ToolExecutionResultMessage> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            int step = approval.step() - approved + i;
            String text;
            if (i == approved) {
                text = approval.state() == TaskApproval.State.GRANTED
                        ? run(toolIdOf(request.name()), request.arguments(), step, approval.attempt(), approval.token())
                        : "rejected: a person rejected this call: " + approval.reason();
            } else if (i > approved && needsApproval(toolIdOf(request.name()))) {
                text = "error: only one call that needs approval is decided per answer; ask for this one again";
            } else {
                text = run(toolIdOf(request.name()), request.arguments(), step, approval.attempt(), null);
            }
            answers.add(ToolExecutionResultMessage.from(request, text));
        }
        return answers;
    }

    /** Answers every tool call of a model answer with the same text, for an answer the task abandons. */
    static List<ToolExecutionResultMessage> unanswered(AiMessage answer, String text) {
        return answer.toolExecutionRequests().stream().map(r -> ToolExecutionResultMessage.from(r, text)).toList();
    }

    private int firstNeedingApproval(List<ToolExecutionRequest> requests) {
        for (int i = 0; i < requests.size(); i++) {
            if (needsApproval(toolIdOf(requests.get(i).name()))) {
                return i;
            }
        }
        throw new IllegalStateException("the recorded answer asks for no call that needs approval");
    }

    /** Whether a call of the tool needs approval: by the tool's own policy, or by the Rule of Two's. */
    private boolean needsApproval(String toolId) {
        return registry.find(toolId).map(tool -> registry.needsApproval(tool.manifest())
                || security.needsEgressApproval(context.agentId(), tool.manifest().effects())).orElse(false);
    }

    /** The tool a model function name stands for. */
    private String toolIdOf(String name) {
        return registry.permitted(context.caller()).stream().map(ToolManifest::id)
                .filter(id -> functionName(id).equals(name)).findFirst().orElse(name.replace('_', '.'));
    }

    /** Runs one tool call of this attempt; one that needs approval stops the attempt ({@link ApprovalPending}). */
    private String call(String toolId, String arguments) {
        int step = steps.getAndIncrement();
        try {
            return run(toolId, arguments, step, context.attempt(), null);
        } catch (ApprovalRequiredException e) {
            throw new ApprovalPending(e.toolId(), e.argumentsSha256(), step);
        }
    }

    /** Runs one tool call and returns what the model is told: the output as JSON, or why there is none. */
    private String run(String toolId, String arguments, int step, int attempt, String approval) {
        try {
            JsonNode input = mapper.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            ToolOutcome outcome = tools.call(context, toolId, input, step, attempt, approval);
            if (outcome instanceof ToolOutcome.Completed completed) {
                return completed.output().toString();
            }
            return "error: " + ((ToolOutcome.Failed) outcome).reason();
        } catch (JsonProcessingException e) {
            return "error: the arguments are not JSON: " + e.getOriginalMessage();
        } catch (ApprovalRequiredException e) {
            if (approval == null && attempt == context.attempt()) {
                throw e;
            }
            return "error: " + e.getMessage();
        } catch (PermissionDeniedException e) {
            return "denied: " + e.getMessage();
        } catch (TokaException e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * A tool call needs a person's approval: thrown through the AI service to stop the attempt, which then
     * waits for the decision.
     */
    static final class ApprovalPending extends RuntimeException {

        final String toolId;
        final String argumentsSha256;
        final int step;

        ApprovalPending(String toolId, String argumentsSha256, int step) {
            super("awaiting approval of a call of " + toolId, null, false, false);
            this.toolId = toolId;
            this.argumentsSha256 = argumentsSha256;
            this.step = step;
        }
    }

    /** A model function name: letters, digits, '_' and '-' only. */
    private static String functionName(String toolId) {
        return toolId.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** The tool as the model sees it: each top-level property of the input schema passed on as written. */
    private static ToolSpecification specificationOf(String name, ToolManifest manifest) {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        JsonNode schema = manifest.inputSchema();
        schema.path("properties").fields().forEachRemaining(property ->
                parameters.addProperty(property.getKey(), JsonRawSchema.from(property.getValue().toString())));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        return ToolSpecification.builder()
                .name(name)
                .description(manifest.description())
                .parameters(parameters.required(required).build())
                .build();
    }
}
