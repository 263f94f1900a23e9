package dev.toka.tools;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts a tool may reach ({@code http.get}, Streamable HTTP MCP servers), by exact name,
 * case-insensitive. Names are compared as written in the URL; the addresses they resolve to are not
 * checked, so an allowed name whose DNS points inside the network is reached.
 */
public final class HostAllowList {

    private final Set<String> hosts;
    private final String configKey;

    /**
     * @param hosts     The allowed host names.
     * @param configKey The configuration key that lists them, named when a host is refused.
     */
    public HostAllowList(List<String> hosts, String configKey) {
        this.configKey = configKey;
        this.hosts = hosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Why {@code uri} may not be fetched, or empty when it may. */
    public Optional<String> problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must use http or https, not '" + scheme + "'");
        }
        if (uri.getHost() == null) {
            return Optional.of("has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry user information");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!hosts.contains(host)) {
            return Optional.of("goes to host '" + host + "', which is not on " + configKey);
        }
        return Optional.empty();
    }
}
