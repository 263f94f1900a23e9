package dev.toka.tools.sandbox;

import dev.toka.tools.SandboxUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a command under bubblewrap: new user, PID, IPC, UTS, cgroup and network namespaces, a root
 * of its own holding only the host's {@code /usr}, {@code /bin}, {@code /sbin} and {@code /lib*}
 * (read-only), a few files of {@code /etc} (read-only), a new {@code /proc} of its PID namespace, a
 * minimal {@code /dev}, a private {@code /tmp}, and the call's workspace read-write at
 * {@value #WORKSPACE}. Nothing else of the host is visible.
 *
 * <p>bubblewrap starts from an empty environment; the command's variables are set with
 * {@code --setenv}. Ahead of it, {@code prlimit} sets the resource limits. When the service runs as
 * root, bubblewrap runs privileged, without a user namespace, so it can mount a workspace below a
 * directory only root may enter (such as {@code /root} or a {@code mktemp -d} folder); inside the
 * sandbox {@code setpriv} then drops the command to {@code uid} for good (no capabilities, no new
 * privileges), so the process limit counts a user of its own. Otherwise bubblewrap runs unprivileged
 * in a user namespace. Killing bubblewrap ends the PID namespace's first process
 * ({@code --die-with-parent}), and with it every process in the namespace, whatever session it
 * started.
 *
 * @param bwrap   The bubblewrap program.
 * @param limits  The prlimit command line, ending in {@code --}.
 * @param setpriv The setpriv command line, run inside the sandbox, that drops to the sandbox user; empty when the service is not root.
 * @param uid     The sandbox user that must own the workspace, or empty when the service is not root.
 */
record Bubblewrap(Path bwrap, List<String> limits, List<String> setpriv, OptionalInt uid) implements Confinement {

    /** Where the workspace appears inside the sandbox; also the working directory. */
    static final String WORKSPACE = "/workspace";

    /** Top-level directories programs need; each is bound read-only, or re-created as the link it is on the host. */
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** The parts of /etc that programs read to start, look up users and names, and check certificates. */
    private static final List<String> ETC = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/localtime", "/etc/hosts",
            "/etc/resolv.conf", "/etc/ssl/certs", "/etc/ca-certificates");

    private static final String SETUP_FAILED = "bwrap: ";

    Bubblewrap {
        limits = List.copyOf(limits);
        setpriv = List.copyOf(setpriv);
    }

    @Override
    public Launch launch(List<String> argv, Path workspace, boolean network, Map<String, String> environment) {
        uid.ifPresent(owner -> own(workspace, owner));
        List<String> sandbox = new ArrayList<>(List.of(bwrap.toString()));
        sandbox.addAll(namespaces(network));
        sandbox.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "toka-sandbox"));
        systemMounts(sandbox);
        // The sticky, world-writable /tmp of any system: the command may run as the sandbox user.
        sandbox.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp",
                "--bind", workspace.toString(), WORKSPACE, "--chdir", WORKSPACE));
        new TreeMap<>(environment).forEach((name, value) -> sandbox.addAll(List.of("--setenv", name, value)));
        sandbox.add("--");
        sandbox.addAll(setpriv);
        sandbox.addAll(argv);
        return new Launch(concat(limits, sandbox), Map.of(), Path.of("/"));
    }

    /**
     * Every namespace but the network's when the call may use it. Run by root, bubblewrap creates no
     * user namespace: the sandbox user must be a real user for the process limit and {@code setpriv}.
     */
    private List<String> namespaces(boolean network) {
        if (uid.isEmpty()) {
            return network ? List.of("--unshare-all", "--unshare-user", "--share-net") : List.of("--unshare-all", "--unshare-user");
        }
        List<String> namespaces = new ArrayList<>(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try"));
        if (!network) {
            namespaces.add("--unshare-net");
        }
        return namespaces;
    }

    /** bubblewrap reports its own failures on stderr with its name first and exits with 1. */
    @Override
    public Optional<String> setupFailure(int exitCode, String stderr) {
        return exitCode == 1 && stderr.startsWith(SETUP_FAILED)
                ? Optional.of("bubblewrap could not set up the sandbox: " + stderr.lines().findFirst().orElse(""))
                : Optional.empty();
    }

    private static void systemMounts(List<String> sandbox) {
        for (String directory : SYSTEM) {
            Path path = Path.of(directory);
            if (Files.isSymbolicLink(path)) {
                sandbox.addAll(List.of("--symlink", readLink(path), directory));
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                sandbox.addAll(List.of("--ro-bind", directory, directory));
            }
        }
        // Directories bubblewrap creates on its own are 0700 when it runs as root: the sandbox user could not enter them.
        ETC.stream().map(file -> Path.of(file).getParent().toString()).distinct()
                .forEach(directory -> sandbox.addAll(List.of("--perms", "0755", "--dir", directory)));
        ETC.forEach(file -> sandbox.addAll(List.of("--ro-bind-try", file, file)));
    }

    /**
     * The sandbox user runs the command and must be able to read and write the workspace, including
     * what the file tools wrote there as root, so everything in it is handed over (links are not
     * followed: a link's target is never touched).
     */
    private static void own(Path workspace, int owner) {
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", owner, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", owner, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SandboxUnavailableException("cannot give the workspace to the sandbox user " + owner + ": "
                    + e.getMessage());
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
