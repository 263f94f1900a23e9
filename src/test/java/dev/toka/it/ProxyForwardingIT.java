package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service with proxy address forwarding on: it refuses to start without trusted
 * proxies, which would let every client forge its address, and starts once they are named.
 */
class ProxyForwardingIT {

    private static final String FORWARDING = "-Dquarkus.http.proxy.proxy-address-forwarding=true";

    @TempDir
    Path data;

    @Test
    void refusesToStartWithForwardingAndNoTrustedProxy() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, FORWARDING)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, service::start);
            assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
        }
        String log = Files.readString(data.resolve("service.log"));
        assertTrue(log.contains("quarkus.http.proxy.trusted-proxies"), log);
    }

    @Test
    void startsWithForwardingFromNamedProxies() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, FORWARDING,
                "-Dquarkus.http.proxy.trusted-proxies=127.0.0.1")) {
            service.start();
            given().baseUri(service.baseUrl()).get("/q/health/ready").then().statusCode(200);
        }
    }
}
