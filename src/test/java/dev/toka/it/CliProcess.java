package dev.toka.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code toka} command run as a process through the launcher ({@code bin/toka}, on the packaged
 * jar), in a working directory of its own, with a clean environment: only what a test gives it.
 * Every run checks that no credential it was given appears in its output.
 */
final class CliProcess {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path workingDirectory;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> secrets = new ArrayList<>();

    CliProcess(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        environment.put("XDG_CONFIG_HOME", workingDirectory.resolve("config-home").toString());
    }

    /** Sets an environment variable of every later run; a credential is remembered as a secret. */
    CliProcess env(String name, String value) {
        environment.put(name, value);
        if (name.endsWith("TOKEN")) {
            secrets.add(value);
        }
        return this;
    }

    CliProcess withoutEnv(String name) {
        environment.remove(name);
        return this;
    }

    /** A value that must never be printed. */
    CliProcess secret(String value) {
        secrets.add(value);
        return this;
    }

    Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} as the standard input. */
    Result runWithInput(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", workingDirectory.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TOKA_JAR", ServiceProcess.jar().toAbsolutePath().toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)).transferTo(in);
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("toka " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
        }
        Result result = new Result(process.exitValue(), out.get(), err.get());
        for (String secret : secrets) {
            assertFalse(result.stdout().contains(secret) || result.stderr().contains(secret),
                    "toka " + String.join(" ", args) + " printed a credential:\n" + result);
        }
        assertFalse(result.stderr().contains("\tat "), "a stack trace:\n" + result);
        return result;
    }

    static Path launcher() {
        Path launcher = Path.of("bin", "toka").toAbsolutePath();
        assertTrue(Files.isRegularFile(launcher), launcher + " is missing");
        return launcher;
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
