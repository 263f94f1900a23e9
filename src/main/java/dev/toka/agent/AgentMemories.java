package dev.toka.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.toka.llm.CallScope;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents;
import dev.toka.llm.UsageLedger;
import dev.toka.store.EventStore;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each LLM agent's chat memory, so a later task continues the conversation of earlier ones: a
 * message window per agent, kept for the agents used recently. Like every other state it can be
 * rebuilt from the log: a memory created for an agent that has already called a model starts with
 * its last recorded exchange (the request, which carried the conversation so far, and the answer),
 * so a restart or an eviction loses nothing the model would have seen.
 */
@Singleton
class AgentMemories {

    private static final int PAGE = 1_000;

    private final int maxMessages;
    private final EventStore store;
    private final EventCodec codec;
    private final UsageLedger usage;
    private final Cache<String, ChatMemory> memories;

    AgentMemories(AgentConfig config, EventStore store, EventCodec codec, UsageLedger usage) {
        this.maxMessages = config.llm().memoryMessages();
        this.store = store;
        this.codec = codec;
        this.usage = usage;
        this.memories = Caffeine.newBuilder()
                .maximumSize(config.llm().memoryAgents())
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }

    /** The memory of the agent calling in {@code scope}. */
    ChatMemory of(CallScope scope) {
        return memories.get(scope.agentId(), id -> restored(scope));
    }

    private ChatMemory restored(CallScope scope) {
        ChatMemory memory = MessageWindowChatMemory.builder().id(scope.agentId()).maxMessages(maxMessages).build();
        if (usage.ofAgent(scope).calls() > 0) { // the ledger saves a fresh agent reading its run's calls
            lastExchange(scope).forEach(memory::add);
        }
        return memory;
    }

    /**
     * Makes the agent's memory the conversation of a recorded model call, its answer and then {@code answers}
     * (the tool results for that answer): a task resumed after an approval goes on from there.
     */
    void resume(CallScope scope, RecordedExchange exchange, List<? extends ChatMessage> answers) {
        ChatMemory memory = MessageWindowChatMemory.builder().id(scope.agentId()).maxMessages(maxMessages).build();
        exchange.messages().forEach(memory::add);
        answers.forEach(memory::add);
        memories.put(scope.agentId(), memory);
    }

    /** The log position of the agent's last recorded model answer. */
    long lastCallPosition(CallScope scope) {
        return lastCall(scope).map(StoredEvent::position).orElseThrow(() -> new IllegalStateException(
                "agent " + scope.agentId() + " has no recorded model call"));
    }

    /** The recorded model call at a log position. */
    RecordedExchange exchangeAt(long position) {
        StoredEvent event = store.read(position, 1).get(0);
        return RecordedExchange.of(codec.decode(event, ModelCallRecorded.class).orElseThrow(() ->
                new IllegalStateException("no recorded model call at position " + position)));
    }

    private List<ChatMessage> lastExchange(CallScope scope) {
        return lastCall(scope).map(event -> RecordedExchange.of(codec.decode(event, ModelCallRecorded.class)
                .orElseThrow()).messages()).orElse(List.of());
    }

    /** The agent's last recorded model call and its answer. */
    private Optional<StoredEvent> lastCall(CallScope scope) {
        StoredEvent last = null;
        List<StoredEvent> page;
        for (long from = 1; !(page = store.readStream(LlmEvents.streamOf(scope), from, PAGE)).isEmpty();
                from = page.get(page.size() - 1).position() + 1) {
            for (StoredEvent event : page) {
                ModelCallRecorded call = codec.decode(event, ModelCallRecorded.class).orElse(null);
                last = call != null && call.agentId().equals(scope.agentId()) ? event : last;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * A recorded model call.
     *
     * @param request The messages it sent, the conversation so far.
     * @param answer  The model's answer.
     */
    record RecordedExchange(List<ChatMessage> request, AiMessage answer) {

        static RecordedExchange of(ModelCallRecorded call) {
            return new RecordedExchange(ChatMessageDeserializer.messagesFromJson(call.request().get("messages")
                    .toString()), (AiMessage) ChatMessageDeserializer.messageFromJson(call.response().get("message")
                    .toString()));
        }

        /** The request's messages followed by the answer. */
        List<ChatMessage> messages() {
            List<ChatMessage> exchange = new ArrayList<>(request);
            exchange.add(answer);
            return exchange;
        }
    }
}
