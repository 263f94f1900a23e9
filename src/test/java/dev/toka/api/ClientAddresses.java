package dev.toka.api;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** REST Assured requests sent from a chosen loopback address (127.0.0.x), so one test can be several clients. */
final class ClientAddresses {

    private ClientAddresses() {}

    static RequestSpecification from(String address) {
        try {
            return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
