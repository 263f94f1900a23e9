package dev.toka.api;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** REST Assured requests sent from a chosen loopback address (127.0.0.x), so one test can be several clients. */
final class ClientAddresses {

    private ClientAddresses() {}

    /**
     * The statuses of {@code count} requests to {@code GET /api/v1/agents} from {@code peer} with
     * {@code credential}, each claiming another client address ({@code spoofedPrefix + i}) in both
     * {@code X-Forwarded-For} and {@code Forwarded}.
     */
    static String statusesWithRotatingForwardedHeaders(String peer, String credential, String spoofedPrefix, int count) {
        int[] statuses = new int[count];
        for (int i = 0; i < count; i++) {
            statuses[i] = from(peer).header("Authorization", credential)
                    .header("X-Forwarded-For", spoofedPrefix + i)
                    .header("Forwarded", "for=" + spoofedPrefix + i)
                    .get("/api/v1/agents").statusCode();
        }
        return Arrays.toString(statuses);
    }

    static RequestSpecification from(String address) {
        try {
            return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
