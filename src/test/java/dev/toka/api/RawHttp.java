package dev.toka.api;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client that sends from a chosen loopback address (127.0.0.x), so a test can
 * act as several client addresses against the one test server, and that sends bytes no well-behaved
 * client would (an overlong request line, a NUL in a header).
 */
final class RawHttp {

    /** An answer: status, headers (names in lower case) and the body as text. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private RawHttp() {}

    static Answer get(String fromAddress, URL server, String path, String authorization) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        return send(fromAddress, server, request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends {@code request} as it is and reads the answer until the server closes the connection. */
    static Answer send(String fromAddress, URL server, byte[] request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String[] head = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).strip().toLowerCase(), head[i].substring(colon + 1).strip());
        }
        return new Answer(status, headers, end < 0 ? "" : text.substring(end + 4));
    }
}
