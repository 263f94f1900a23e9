package dev.toka.security.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.toka.security.Provenance;
import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.ContextTainted;
import dev.toka.security.SecurityEvents.WorkspaceTainted;
import dev.toka.security.ToolEffect;
import dev.toka.security.ToolUse;
import dev.toka.security.UntrustedEgress;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.WrongExpectedVersionException;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Provenance and the Rule of Two: an agent may hold untrusted content or tools that carry data out,
 * never both. Which agents and workspaces are untrusted is a projection of the log: a context or a
 * workspace is untrusted exactly when its stream ({@value SecurityEvents#CONTEXT_STREAM_PREFIX}{@code <agent>},
 * {@value SecurityEvents#WORKSPACE_STREAM_PREFIX}{@code <workspace>}) has an event. Taint never goes away,
 * so a stream once seen non-empty is remembered, and only the untainted are read again on every check.
 * Whether such a call is refused or waits for a person's approval is {@code toka.security.untrusted-egress}.
 */
@Singleton
class RuleOfTwo {

    /** The effects an untrusted context loses. */
    static final List<ToolEffect> WITHDRAWN = Arrays.stream(ToolEffect.values()).filter(ToolEffect::carriesDataOut)
            .toList();

    private final EventStore store;
    private final EventLog log;
    private final UntrustedEgress policy;
    private final Cache<String, Boolean> untrusted = Caffeine.newBuilder().maximumSize(100_000).build();

    RuleOfTwo(EventStore store, EventLog log, SecurityConfig config) {
        this.store = store;
        this.log = log;
        this.policy = config.untrustedEgress();
    }

    /**
     * Why the call may not simply run, if it may not: it could carry data out of an untrusted context. It is then
     * refused, or, when {@link #approvable()}, made only with a person's approval.
     */
    Optional<String> refusal(ToolUse use) {
        if (!use.carriesDataOut() || !contextUntrusted(use.agentId())) {
            return Optional.empty();
        }
        List<String> effects = use.effects().stream().filter(ToolEffect::carriesDataOut).map(ToolEffect::wireName)
                .sorted().toList();
        return Optional.of("rule of two: the context of agent " + use.agentId() + " holds untrusted content, so "
                + "tools that could carry data out (" + wireNames(WITHDRAWN) + ") are withdrawn for the rest of its"
                + " work; " + use.toolId() + " declares " + String.join(", ", effects)
                + " (untrusted-egress: deny)");
    }

    /** Whether a call {@link #refusal} names may still be made with a person's approval of it. */
    boolean approvable() {
        return policy == UntrustedEgress.APPROVE;
    }

    /** Before a call runs: what an untrusted context writes makes its workspace untrusted. */
    void beforeCall(ToolUse use, String principal) {
        if (use.effects().contains(ToolEffect.WRITES_LOCAL) && contextUntrusted(use.agentId())) {
            taintWorkspace(use, principal);
        }
    }

    /** After a call answered: its label, with the context (and a workspace it wrote) marked when it is untrusted. */
    Provenance afterCall(ToolUse use, String principal, Supplier<List<String>> withdrawable) {
        String reason = untrustedBecause(use);
        if (reason == null) {
            return Provenance.TRUSTED;
        }
        if (!contextUntrusted(use.agentId())) {
            record(contextStream(use.agentId()), new ContextTainted(use.agentId(), use.vault(), use.runId(),
                    use.taskId(), use.toolId(), reason, WITHDRAWN, withdrawable.get()), use, principal);
        }
        if (use.effects().contains(ToolEffect.WRITES_LOCAL)) {
            taintWorkspace(use, principal);
        }
        return Provenance.UNTRUSTED;
    }

    /** Whether a tool with these effects is withdrawn from the agent now. */
    boolean withdrawn(String agentId, Set<ToolEffect> effects) {
        return ToolEffect.anyCarriesDataOut(effects) && contextUntrusted(agentId);
    }

    /** Why the call's answer is untrusted, or {@code null} when it is trusted. */
    private String untrustedBecause(ToolUse use) {
        if (use.output() == Provenance.UNTRUSTED) {
            return use.toolId() + " answers with content from an untrusted source";
        }
        if (use.effects().contains(ToolEffect.READS_LOCAL) && untrusted(workspaceStream(use.workspace()))) {
            return use.toolId() + " read workspace " + use.workspace() + ", which holds files written by an agent"
                    + " whose context was untrusted";
        }
        return null;
    }

    private boolean contextUntrusted(String agentId) {
        return untrusted(contextStream(agentId));
    }

    private void taintWorkspace(ToolUse use, String principal) {
        String stream = workspaceStream(use.workspace());
        if (!untrusted(stream)) {
            record(stream, new WorkspaceTainted(use.workspace(), use.agentId(), use.runId(), use.taskId(),
                    use.toolId()), use, principal);
        }
    }

    private boolean untrusted(String stream) {
        if (untrusted.getIfPresent(stream) != null) {
            return true;
        }
        boolean found = !store.readStream(stream, 1, 1).isEmpty();
        if (found) {
            untrusted.put(stream, true);
        }
        return found;
    }

    /** Appends the stream's one event and waits for its commit; a concurrent call that got there first is as good. */
    private void record(String stream, Object event, ToolUse use, String principal) {
        try {
            log.append(stream, ExpectedVersion.noStream(), event,
                    EventMetadata.of(principal).correlatedWith(use.runId()));
        } catch (WrongExpectedVersionException alreadyRecorded) {
            // Another call marked it first.
        }
        untrusted.put(stream, true);
    }

    private static String contextStream(String agentId) {
        return SecurityEvents.CONTEXT_STREAM_PREFIX + agentId;
    }

    private static String workspaceStream(String workspace) {
        return SecurityEvents.WORKSPACE_STREAM_PREFIX + workspace;
    }

    private static String wireNames(List<ToolEffect> effects) {
        return String.join(", ", effects.stream().map(ToolEffect::wireName).toList());
    }
}
