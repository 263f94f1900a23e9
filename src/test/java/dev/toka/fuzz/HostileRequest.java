package dev.toka.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request, exactly as it goes on the wire.
 *
 * @param endpoint    The OpenAPI endpoint it attacks ({@link Endpoint#key()}).
 * @param category    The kind of attack.
 * @param description What is hostile about it, for the report.
 * @param method      The request method.
 * @param target      The request target, path and query, already encoded as it is sent.
 * @param headers     The headers, in order; a value may hold any char up to U+00FF, sent as that byte.
 * @param body        The body bytes.
 * @param raw         Whether it must go out byte for byte on a socket (an HTTP client would refuse or repair it).
 */
public record HostileRequest(String endpoint, Category category, String description, String method,
        String target, List<Header> headers, byte[] body, boolean raw) {

    /** A header; {@code value} holds Latin-1 chars, one per byte. */
    public record Header(String name, String value) {}

    @Override
    public String toString() {
        String shown = description.length() > 160 ? description.substring(0, 160) + "…" : description;
        return category + " " + method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
                + " (" + endpoint + "): " + shown + " [" + body.length + " body bytes]";
    }

    /** The request as one block of bytes for a raw socket, closing the connection after the answer. */
    byte[] wireBytes() {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean hasLength = false;
        for (Header header : headers) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            hasLength |= header.name().equalsIgnoreCase("Content-Length")
                    || header.name().equalsIgnoreCase("Transfer-Encoding");
        }
        if (!hasLength && body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return bytes;
    }
}
