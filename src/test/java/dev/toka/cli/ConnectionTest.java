package dev.toka.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the URL and the credential come from: flag, then environment, then config file. */
class ConnectionTest {

    private static final String FILE_TOKEN = "file-secret-7f3a";

    @TempDir
    Path home;

    private Path config(String permissions) throws IOException {
        Path file = home.resolve("toka").resolve("config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "url=http://file.example:9000\ntoken=" + FILE_TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheConfigFile() throws IOException {
        config("rw-------");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "TOKA_URL", "http://env.example:8000",
                "TOKA_TOKEN", "env-token", "TOKA_ADMIN_TOKEN", "env-admin");
        Connection flags = Connection.resolve("http://flag.example:7000/ignored/path", "flag-token", null, env);
        assertEquals("http://flag.example:7000", flags.url().toString());
        assertEquals(Optional.of("flag-token"), flags.credential());

        Connection environment = Connection.resolve(null, null, null, env);
        assertEquals("http://env.example:8000", environment.url().toString());
        assertEquals(Optional.of("env-token"), environment.credential());

        Connection admin = Connection.resolve(null, null, null, Map.of("TOKA_ADMIN_TOKEN", "env-admin",
                "XDG_CONFIG_HOME", home.toString()));
        assertEquals(Optional.of("env-admin"), admin.credential());
        assertEquals("http://file.example:9000", admin.url().toString());

        Connection file = Connection.resolve(null, null, null, Map.of("XDG_CONFIG_HOME", home.toString()));
        assertEquals(Optional.of(FILE_TOKEN), file.credential());
        assertFalse(file.toString().contains(FILE_TOKEN), file.toString());
    }

    @Test
    void refusesAConfigFileOthersMayReadWhenItHoldsAToken() throws IOException {
        Path file = config("rw-r--r--");
        CliException refused = assertThrows(CliException.class,
                () -> Connection.resolve(null, null, null, Map.of("TOKA_CONFIG", file.toString())));
        assertEquals(ExitCodes.USAGE, refused.exitCode());
        assertTrue(refused.getMessage().contains("chmod 600 " + file), refused.getMessage());
        assertFalse(refused.getMessage().contains(FILE_TOKEN), refused.getMessage());
    }

    @Test
    void aConfigFileWithoutATokenMayBeShared() throws IOException {
        Path file = home.resolve("shared.properties");
        Files.writeString(file, "url=http://shared.example\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Connection connection = Connection.resolve(null, null, file, Map.of());
        assertEquals("http://shared.example", connection.url().toString());
        assertTrue(connection.credential().isEmpty());
    }

    @Test
    void rejectsAUrlThatHoldsACredentialOrIsNotHttp() {
        CliException userInfo = assertThrows(CliException.class,
                () -> Connection.resolve("http://admin:pw-9c1e@localhost:8080", null, null, Map.of("TOKA_TOKEN", "t")));
        assertFalse(userInfo.getMessage().contains("pw-9c1e"), userInfo.getMessage());
        assertThrows(CliException.class, () -> Connection.resolve("ftp://localhost", "t", null, Map.of()));
    }
}
