package dev.toka.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when proxy address forwarding is on without a list of trusted proxies. Quarkus
 * would then take {@code X-Forwarded-For} and {@code Forwarded} from any peer, so every client could
 * choose the address that the authentication back-off, the anonymous quota and the audit trail see.
 */
@Singleton
class ProxyForwardingGuard {

    static final String FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED_PROXIES = "quarkus.http.proxy.trusted-proxies";

    void onStart(@Observes StartupEvent start,
            @ConfigProperty(name = FORWARDING, defaultValue = "false") boolean forwarding,
            @ConfigProperty(name = TRUSTED_PROXIES) Optional<List<String>> trustedProxies) {
        if (forwarding && trustedProxies.map(List::isEmpty).orElse(true)) {
            throw new IllegalStateException(FORWARDING + "=true needs " + TRUSTED_PROXIES + ": without it every"
                    + " client could forge its address with X-Forwarded-For or Forwarded; name the proxies' addresses"
                    + " (docs/security.md, 'Client addresses behind a proxy')");
        }
    }
}
