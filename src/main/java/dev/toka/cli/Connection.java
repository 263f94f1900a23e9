package dev.toka.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where the service is and the credential to show it: each from its flag, then the environment,
 * then the config file. The credential is never part of {@link #toString()}.
 *
 * @param url        The service's base URL, without a path.
 * @param credential The bearer credential, if any.
 */
record Connection(URI url, Optional<String> credential) {

    static final String DEFAULT_URL = "http://localhost:8080";

    @Override
    public String toString() {
        return "Connection[url=" + url + ", credential=" + (credential.isPresent() ? "(set)" : "(none)") + "]";
    }

    /**
     * Resolves the connection; reads the config file only for what the flags and the environment leave open.
     *
     * @throws CliException (usage) for a bad URL or a config file that others may read while it holds a credential
     */
    static Connection resolve(String urlFlag, String tokenFlag, Path configFlag, Map<String, String> env) {
        String url = firstOf(urlFlag, env.get("TOKA_URL"));
        String credential = firstOf(tokenFlag, env.get("TOKA_TOKEN"), env.get("TOKA_ADMIN_TOKEN"));
        if (url == null || credential == null) {
            Properties file = configFile(configFlag, env);
            url = firstOf(url, file.getProperty("url"));
            credential = firstOf(credential, file.getProperty("token"));
        }
        return new Connection(parseUrl(firstOf(url, DEFAULT_URL)), Optional.ofNullable(credential));
    }

    /** The config file: {@code --config}, else {@code $TOKA_CONFIG}, else {@code $XDG_CONFIG_HOME/toka/config.properties}. */
    static Path configPath(Path configFlag, Map<String, String> env) {
        if (configFlag != null) {
            return configFlag;
        }
        if (env.get("TOKA_CONFIG") != null) {
            return Path.of(env.get("TOKA_CONFIG"));
        }
        String home = env.get("XDG_CONFIG_HOME");
        Path configHome = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".config");
        return configHome.resolve("toka").resolve("config.properties");
    }

    private static Properties configFile(Path configFlag, Map<String, String> env) {
        Path path = configPath(configFlag, env);
        Properties properties = new Properties();
        if (!Files.exists(path)) {
            if (configFlag != null || env.get("TOKA_CONFIG") != null) {
                throw new CliException(ExitCodes.USAGE, "config file " + path + " does not exist");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read config file " + path + ": " + e.getMessage());
        }
        if (properties.getProperty("token") != null) {
            refuseIfOthersMayRead(path);
        }
        return properties;
    }

    // Like ssh with a private key: a credential in a file others can read is already leaked, so do not use it.
    private static void refuseIfOthersMayRead(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException notPosix) {
            return;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the permissions of config file " + path);
        }
        boolean shared = permissions.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
        if (shared) {
            throw new CliException(ExitCodes.USAGE, "config file " + path + " holds a token but its permissions are "
                    + PosixFilePermissions.toString(permissions) + ": others may read it. Run: chmod 600 " + path);
        }
    }

    private static URI parseUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "the service URL is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CliException(ExitCodes.USAGE, "the service URL must be http(s)://host[:port]");
        }
        if (uri.getUserInfo() != null) {
            // It would end up in error messages; the credential has its own place.
            throw new CliException(ExitCodes.USAGE, "the service URL must not hold a user or password: set the "
                    + "credential with --token, TOKA_TOKEN or the config file");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
