package dev.toka.agent;

import dev.toka.kernel.AgentTypes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link AgentPlugin} beans by agent type; tells the kernel which types can be spawned. */
@Singleton
class AgentPlugins implements AgentTypes {

    private final Map<String, AgentPlugin> byType;

    AgentPlugins(Instance<AgentPlugin> plugins) {
        this.byType = plugins.stream().collect(Collectors.toMap(
                AgentPlugin::agentType, Function.identity(), AgentPlugins::duplicate, TreeMap::new));
    }

    private static AgentPlugin duplicate(AgentPlugin first, AgentPlugin second) {
        throw new IllegalStateException("two plugins claim agent type '" + first.agentType() + "': "
                + first.getClass().getName() + " and " + second.getClass().getName());
    }

    @Override
    public Set<String> known() {
        return byType.keySet();
    }

    @Override
    public Optional<String> problemWith(String type, String taskText) {
        return forType(type).flatMap(plugin -> plugin.problemWith(taskText));
    }

    /** The plugin for a type. */
    Optional<AgentPlugin> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }
}
