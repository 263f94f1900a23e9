package dev.toka.tools;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the tools layer, prefix {@code toka.tools}. */
@ConfigMapping(prefix = "toka.tools")
public interface ToolsConfig {

    /** Directory of YAML tool manifests ({@code *.yaml}, {@code *.yml}); absent means none; default {@code tools}. */
    @WithDefault("tools")
    String manifestDir();

    /** How often the manifest directory is checked for changes (read by the scheduler); default 2 seconds. */
    @WithDefault("PT2S")
    Duration manifestScanInterval();

    /** Root of the per-run and per-agent workspaces; default {@code data/workspaces}. */
    @WithDefault("data/workspaces")
    String workspaceRoot();

    /** Largest output kept in the log for replays, in bytes of JSON; default 65536. */
    @WithDefault("65536")
    int maxRecordedOutputBytes();

    /** The file tools. */
    Fs fs();

    /** {@code http.get}. */
    Http http();

    /** {@code process.exec} and YAML command tools. */
    Exec exec();

    /** File tool limits. */
    interface Fs {

        /** Largest file {@code fs.read} returns; default 1048576 (1 MiB). */
        @WithDefault("1048576")
        long maxReadBytes();

        /** Largest content {@code fs.write} accepts; default 1048576 (1 MiB). */
        @WithDefault("1048576")
        long maxWriteBytes();

        /** Most entries {@code fs.list} returns; default 1000. */
        @WithDefault("1000")
        int maxListEntries();
    }

    /** HTTP limits. */
    interface Http {

        /** Host names (exact, case-insensitive) {@code http.get} may reach; none by default. */
        Optional<List<String>> allowedHosts();

        /** Connect and whole-response timeout per hop; default 10 seconds. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Largest body returned; longer bodies are cut and marked; default 1048576 (1 MiB). */
        @WithDefault("1048576")
        int maxResponseBytes();

        /** Most redirects followed, each re-checked against the allow-list; default 5. */
        @WithDefault("5")
        int maxRedirects();
    }

    /** Process limits. */
    interface Exec {

        /** Commands {@code process.exec} may start, exactly as given in {@code command}; none by default. */
        Optional<List<String>> allowedCommands();

        /** Environment variables passed through from the service; every other is cleared; default {@code PATH}. */
        @WithDefault("PATH")
        List<String> allowedEnv();

        /** Longest run before the whole process tree is killed; default 30 seconds. */
        @WithDefault("PT30S")
        Duration timeout();

        /** Most bytes kept of stdout and of stderr each; default 65536. */
        @WithDefault("65536")
        int maxOutputBytes();
    }
}
