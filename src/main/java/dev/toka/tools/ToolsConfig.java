package dev.toka.tools;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /**
     * Ids of tools whose every call needs a person's approval, besides those whose manifest says
     * {@code approval: required}: the operator's policy for built-in tools such as {@code process.exec}.
     */
    Optional<List<String>> approvalRequired();

    /** The file tools. */
    Fs fs();

    /** {@code http.get}. */
    Http http();

    /** {@code process.exec} and YAML command tools. */
    Exec exec();

    /** External MCP servers whose tools become Toka tools {@code mcp.<server>.<tool>}. */
    Mcp mcp();

    /** MCP servers and how they are reached. */
    interface Mcp {

        /** Host names (exact, case-insensitive) Streamable HTTP servers may be on; none by default. */
        Optional<List<String>> allowedHosts();

        /** Where each stdio server gets its working directory, {@code <directory>/<name>}; default {@code data/mcp}. */
        @WithDefault("data/mcp")
        String directory();

        /** The servers, by name (1-32 of a-z, 0-9, '_', '-'); none by default. */
        Map<String, McpServer> servers();
    }

    /** One MCP server: either a {@code command} run over stdio in the process sandbox, or a Streamable HTTP {@code url}. */
    interface McpServer {

        /** The program and its arguments, for a stdio server. */
        Optional<List<String>> command();

        /** The endpoint, for a Streamable HTTP server; its host must be on {@code allowed-hosts}. */
        Optional<String> url();

        /** Headers sent to a Streamable HTTP server, for example its credential; none by default. */
        Map<String, String> headers();

        /** Names of the service's environment variables a stdio server gets; default {@code toka.tools.exec.allowed-env}. */
        Optional<List<String>> env();

        /** Whether a stdio server may use the network; default false. */
        @WithDefault("false")
        boolean network();

        /** How long one tool call may take; default 30 seconds. */
        @WithDefault("PT30S")
        Duration timeout();

        /** How long connecting and listing the tools may take at start; default 20 seconds. */
        @WithDefault("PT20S")
        Duration startTimeout();
    }

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

        /** How commands are isolated: {@code bwrap} (default), or {@code none}, which runs them unsandboxed and warns. */
        @WithDefault("bwrap")
        SandboxMode sandbox();

        /** The bubblewrap program, a path or a name looked up on the service's {@code PATH}; default {@code bwrap}. */
        @WithDefault("bwrap")
        String bwrapPath();

        /**
         * The user id and group id commands run as when the service runs as root, so that the process
         * limit and file permissions apply to them; default 65534 (nobody). A service that does not run
         * as root runs commands as its own user.
         */
        @WithDefault("65534")
        int sandboxUid();

        /** Per-call resource limits, applied with {@code prlimit} to each command and everything it starts. */
        Limits limits();
    }

    /** How {@code process.exec} and YAML command tools isolate their commands. */
    enum SandboxMode {
        /** bubblewrap: new namespaces, a minimal read-only file system, the workspace, no network. */
        BWRAP,
        /** No isolation at all: for development only; the service warns at start and on every call. */
        NONE
    }

    /** Resource limits of one command (RLIMIT_*), inherited by everything it starts. */
    interface Limits {

        /** Address space per process (RLIMIT_AS) in bytes; default 1073741824 (1 GiB). */
        @WithDefault("1073741824")
        long memoryBytes();

        /** CPU seconds per process (RLIMIT_CPU): SIGXCPU at the limit, SIGKILL a second later; default 30. */
        @WithDefault("30")
        long cpuSeconds();

        /**
         * Processes and threads of the sandbox user at once (RLIMIT_NPROC), counted over all commands
         * running at the same time; default 128.
         */
        @WithDefault("128")
        long processes();

        /** Largest file a command may write (RLIMIT_FSIZE) in bytes; default 104857600 (100 MiB). */
        @WithDefault("104857600")
        long fileSizeBytes();

        /** Open file descriptors per process (RLIMIT_NOFILE); default 256. */
        @WithDefault("256")
        long openFiles();
    }
}
