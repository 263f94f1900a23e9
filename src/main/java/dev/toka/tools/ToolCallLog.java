package dev.toka.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.Caller;
import dev.toka.security.Provenance;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import dev.toka.store.WrongExpectedVersionException;
import dev.toka.tools.ToolEvents.ApprovalSpent;
import dev.toka.tools.ToolEvents.ToolCompleted;
import dev.toka.tools.ToolEvents.ToolFailed;
import dev.toka.tools.ToolEvents.ToolInvoked;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records tool calls in the log and makes keyed calls idempotent: the first {@link ToolInvoked} of a
 * replaying tool is appended to a stream that must not exist yet, so of several callers with one key
 * exactly one wins; the others get the recorded outcome, or a conflict while it is still running.
 */
@Singleton
class ToolCallLog {

    /** How a call starts: run it now, or answer with what an earlier call with the same key recorded. */
    sealed interface Start {}

    /** Run the tool, then report to {@link #completed} or {@link #failed}. */
    record Fresh(String stream, String callId, String runId, String principal) implements Start {}

    /** Answer with the recorded outcome. */
    record Replay(ToolOutcome outcome) implements Start {}

    private static final int STREAM_READ_LIMIT = 1_000;

    private final EventStore store;
    private final EventLog log;
    private final EventCodec codec;
    private final ObjectMapper mapper;
    private final int maxRecordedOutputBytes;

    ToolCallLog(EventStore store, EventLog log, EventCodec codec, ObjectMapper mapper, ToolsConfig config) {
        this.store = store;
        this.log = log;
        this.codec = codec;
        this.mapper = mapper;
        this.maxRecordedOutputBytes = config.maxRecordedOutputBytes();
    }

    /**
     * Records the start of a call, or finds the earlier call with its key.
     *
     * @throws ToolCallConflictException when the earlier call still runs, or had other input
     */
    Start begin(ToolManifest manifest, Caller caller, ToolCall call) {
        String inputDigest = Digests.sha256OfJson(mapper, call.input());
        String stream = streamOf(manifest, call);
        ToolScope scope = call.scope();
        ToolCallKey key = call.key();
        Fresh fresh = new Fresh(stream, UUID.randomUUID().toString(), scope.runId(), caller.principal().subject());
        ToolInvoked invoked = new ToolInvoked(fresh.callId(), manifest.id(), manifest.version(),
                manifest.sideEffect(), fresh.principal(), scope.vault(), scope.agentId(), scope.runId(),
                scope.taskId(), key == null ? null : key.step(), key == null ? null : key.attempt(), inputDigest);
        boolean replays = manifest.sideEffect().replaysRepeats();
        try {
            append(fresh, replays ? ExpectedVersion.noStream() : ExpectedVersion.any(), invoked);
            return fresh;
        } catch (WrongExpectedVersionException e) {
            return new Replay(recordedOutcome(stream, inputDigest));
        }
    }

    /**
     * Spends an approval capability on this call, before the call is recorded: only once, unless the call
     * spending it again is the same keyed call (a repeat after a crash, which then replays or is in progress).
     *
     * @throws ApprovalSpentException when another call spent it
     */
    void spendApproval(String tokenId, ToolManifest manifest, ToolCall call) {
        String callStream = streamOf(manifest, call);
        String stream = ToolEvents.APPROVAL_STREAM_PREFIX + tokenId;
        try {
            log.append(stream, ExpectedVersion.noStream(), new ApprovalSpent(tokenId, callStream),
                    EventMetadata.of(call.scope().agentId()).correlatedWith(call.scope().runId()));
        } catch (WrongExpectedVersionException e) {
            ApprovalSpent spent = (ApprovalSpent) codec.decode(store.readStream(stream, 1, 1).get(0));
            if (call.key() == null || !spent.callStream().equals(callStream)) {
                throw new ApprovalSpentException(tokenId);
            }
        }
    }

    void completed(Fresh call, JsonNode output, Provenance provenance, long durationMillis) {
        append(call, ExpectedVersion.any(), new ToolCompleted(call.callId(), Digests.sha256OfJson(mapper, output),
                durationMillis, recordable(output) ? output : null, provenance));
    }

    void failed(Fresh call, String reason, String field, long durationMillis) {
        append(call, ExpectedVersion.any(), new ToolFailed(call.callId(), reason, field, durationMillis));
    }

    private void append(Fresh call, ExpectedVersion expected, Object event) {
        log.append(call.stream(), expected, event, EventMetadata.of(call.principal()).correlatedWith(call.runId()));
    }

    private boolean recordable(JsonNode output) {
        try {
            return mapper.writeValueAsString(output).getBytes(StandardCharsets.UTF_8).length <= maxRecordedOutputBytes;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private ToolOutcome recordedOutcome(String stream, String inputDigest) {
        List<StoredEvent> recorded = store.readStream(stream, 1, STREAM_READ_LIMIT);
        ToolInvoked first = (ToolInvoked) codec.decode(recorded.get(0));
        if (!first.inputSha256().equals(inputDigest)) {
            throw new ToolCallConflictException(ToolCallConflictException.Kind.KEY_REUSED, stream,
                    "this idempotency key was used for a call with other input; use a new step or attempt");
        }
        return outcomeOf(recorded, first.callId()).orElseThrow(() -> new ToolCallConflictException(
                ToolCallConflictException.Kind.IN_PROGRESS, stream,
                "a call with this idempotency key is still running; repeat it later for its result"));
    }

    private Optional<ToolOutcome> outcomeOf(List<StoredEvent> recorded, String callId) {
        for (StoredEvent event : recorded) {
            Object decoded = codec.decode(event);
            if (decoded instanceof ToolCompleted completed && completed.callId().equals(callId)) {
                return Optional.of(replayOf(completed));
            }
            if (decoded instanceof ToolFailed failed && failed.callId().equals(callId)) {
                return Optional.of(replayOf(failed));
            }
        }
        return Optional.empty();
    }

    private static ToolOutcome replayOf(ToolCompleted completed) {
        if (completed.output() == null) {
            return new ToolOutcome.Failed("the recorded output was larger than toka.tools.max-recorded-output-bytes"
                    + " and cannot be replayed; use the next attempt number to run the tool again");
        }
        return new ToolOutcome.Completed(completed.output(), true, completed.durationMillis());
    }

    private static ToolOutcome replayOf(ToolFailed failed) {
        if (failed.field() != null) {
            throw new InvalidToolInputException(failed.field(), failed.reason());
        }
        return new ToolOutcome.Failed(failed.reason());
    }

    /** The stream of a call: its key (with vault and tool, so tenants and tools never share one), or a nonce. */
    private String streamOf(ToolManifest manifest, ToolCall call) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("vault", call.scope().vault());
        identity.put("tool", manifest.id());
        if (call.key() == null) {
            identity.put("nonce", UUID.randomUUID().toString());
        } else {
            identity.put("key", call.key());
        }
        return ToolEvents.STREAM_PREFIX + Digests.sha256OfJson(mapper, identity);
    }
}
