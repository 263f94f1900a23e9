package dev.toka.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A console session driven over plain HTTP in tests: the cookie the sign-in set and the page's CSRF token. */
record ConsoleClient(String cookie, String csrf) {

    static final String ADMIN_SECRET = "test-admin-secret-0123456789abcdefghij";

    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    /** Signs in with a credential and reads the CSRF token from the overview. */
    static ConsoleClient signIn(String credential) {
        Response signIn = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("credential", credential).post("/console/sign-in");
        String cookie = signIn.getCookie(ConsoleGate.COOKIE);
        String page = given().redirects().follow(false).cookie(ConsoleGate.COOKIE, cookie).get("/console").asString();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new AssertionError("the overview carries no CSRF token: " + page);
        }
        return new ConsoleClient(cookie, csrf.group(1));
    }

    /** A request in this session, without the CSRF header. */
    RequestSpecification request() {
        return given().redirects().follow(false).cookie(ConsoleGate.COOKIE, cookie);
    }

    /** A request in this session that carries the CSRF header, as htmx sends it. */
    RequestSpecification withCsrf() {
        return request().header(ConsoleGate.CSRF_HEADER, csrf);
    }
}
