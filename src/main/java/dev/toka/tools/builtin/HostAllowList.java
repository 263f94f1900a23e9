package dev.toka.tools.builtin;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts {@code http.get} may reach, by exact name, case-insensitive. Names are compared as
 * written in the URL; the addresses they resolve to are not checked, so an allowed name whose DNS
 * points inside the network is reached.
 */
final class HostAllowList {

    private final Set<String> hosts;

    HostAllowList(List<String> hosts) {
        this.hosts = hosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Why {@code uri} may not be fetched, or empty when it may. */
    Optional<String> problemWith(URI uri) {
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
            return Optional.of("goes to host '" + host + "', which is not on toka.tools.http.allowed-hosts");
        }
        return Optional.empty();
    }
}
