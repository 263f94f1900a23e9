package dev.toka.readmodel;

import dev.toka.kernel.KernelConfig;
import dev.toka.orchestration.PlannedAgent;
import dev.toka.orchestration.RunEvent;
import dev.toka.orchestration.RunEvent.AgentBlocked;
import dev.toka.orchestration.RunEvent.RunCancelled;
import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps {@code read_runs}: every run with its state and outcome, from the runs' own streams. */
@Singleton
public class RunsReadModel extends ReadModel {

    private final EventCodec codec;

    RunsReadModel(EventStore store, EventCodec codec, KernelConfig config) {
        super("runs read model", store, config.answerTimeout());
        this.codec = codec;
    }

    @Override
    protected Optional<Runnable> changeOf(StoredEvent event) {
        if (!event.streamId().startsWith(RunEvent.STREAM_PREFIX)) {
            return Optional.empty(); // not even parsed
        }
        return codec.decode(event, RunEvent.class).map(runEvent -> () -> apply(runEvent, event));
    }

    private static void apply(RunEvent event, StoredEvent stored) {
        if (event instanceof RunStarted started) {
            RunRow row = new RunRow();
            row.id = started.runId();
            row.startedPosition = stored.position();
            row.state = "running";
            row.specs = RunRow.joined(started.agents().stream().map(PlannedAgent::name).toList());
            row.specVersions = RunRow.joined(started.agents().stream().map(RunsReadModel::specVersion).toList());
            row.specsSha256 = PlannedAgent.specsSha256(started.agents());
            row.replayOf = started.replayOf();
            row.startedAt = stored.recordedAt();
            row.failedAgents = "";
            row.blockedAgents = "";
            row.persist();
            return;
        }
        RunRow row = RunRow.findById(event.runId());
        if (row == null) {
            return;
        }
        if (event instanceof AgentBlocked blocked) {
            List<String> names = new ArrayList<>(RunRow.split(row.blockedAgents));
            names.add(blocked.agent());
            row.blockedAgents = RunRow.joined(names);
        } else if (event instanceof RunFinished finished) {
            row.state = finished.outcome();
            row.endedAt = stored.recordedAt();
            row.failedAgents = RunRow.joined(finished.failedAgents());
            row.blockedAgents = RunRow.joined(finished.blockedAgents());
        } else if (event instanceof RunCancelled) {
            row.state = "cancelled";
            row.endedAt = stored.recordedAt();
        }
    }

    /** {@code name@version}; just the name for a spec recorded before versions were. */
    private static String specVersion(PlannedAgent agent) {
        return agent.version() == null ? agent.name() : agent.name() + RunRow.VERSION_MARK + agent.version();
    }

    @Override
    protected void deleteRows() {
        RunRow.deleteAll();
    }
}
