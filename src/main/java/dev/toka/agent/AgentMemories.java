package dev.toka.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Each LLM agent's chat memory, so a later task continues the conversation of earlier ones. Held in
 * memory only, bounded in messages per agent and in agents; after a restart an agent starts afresh
 * (its past conversation is still in the log, as recorded model calls).
 */
@ApplicationScoped
class AgentMemories {

    private final int maxMessages;
    private final Cache<String, ChatMemory> memories;

    AgentMemories(AgentConfig config) {
        this.maxMessages = config.llm().memoryMessages();
        this.memories = Caffeine.newBuilder()
                .maximumSize(config.llm().memoryAgents())
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }

    /** The agent's memory, created empty on first use. */
    ChatMemory of(String agentId) {
        return memories.get(agentId, id -> MessageWindowChatMemory.builder().id(id).maxMessages(maxMessages).build());
    }
}
