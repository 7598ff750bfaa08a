package dev.keyportal.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;

/**
 * Where tests and the local demo keep their data: a Testcontainers Postgres when Docker is available, otherwise
 * the local server on 127.0.0.1:5432. Locally, each test JVM gets its own fresh database
 * ({@code keyportal_test_<pid>}, dropped when the JVM exits, or by a later run if it was killed), so every run
 * starts clean and two runs never disturb each other; the demo database is kept between runs.
 * {@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USERNAME} and {@code TEST_DATABASE_PASSWORD}) points at
 * any other database instead.
 */
public final class TestDatabase {

    public static final boolean DOCKER = System.getenv("TEST_DATABASE_URL") == null && dockerAvailable();

    private static final String ADMIN_URL = env("TEST_DATABASE_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String ADMIN_USER = env("TEST_DATABASE_ADMIN_USERNAME", "postgres");
    private static final String ADMIN_PASSWORD = env("TEST_DATABASE_ADMIN_PASSWORD", "");
    private static Local testDatabase;

    private TestDatabase() {
    }

    /** A JDBC URL, user and password for the local server. */
    public record Local(String url, String username, String password) {
    }

    /** This test JVM's own fresh database. */
    public static synchronized Local forTests() {
        if (System.getenv("TEST_DATABASE_URL") != null) {
            return fromEnvironment();
        }
        if (testDatabase == null) {
            dropAbandonedTestDatabases();
            String name = "keyportal_test_" + ProcessHandle.current().pid();
            admin("drop database if exists " + name + " with (force)", "create database " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    admin("drop database if exists " + name + " with (force)");
                } catch (IllegalStateException ignored) {
                    // a later run removes it
                }
            }));
            testDatabase = new Local(withDatabase(name), ADMIN_USER, ADMIN_PASSWORD);
        }
        return testDatabase;
    }

    /** The demo database, kept between runs of the local portal. */
    public static Local forDemo() {
        if (System.getenv("TEST_DATABASE_URL") != null) {
            return fromEnvironment();
        }
        try {
            admin("create database keyportal_demo");
        } catch (IllegalStateException exists) {
            // kept from an earlier run
        }
        return new Local(withDatabase("keyportal_demo"), ADMIN_USER, ADMIN_PASSWORD);
    }

    /** Test databases nobody is connected to were left by a run that was killed. */
    private static void dropAbandonedTestDatabases() {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, ADMIN_USER, ADMIN_PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet abandoned = statement.executeQuery("select datname from pg_database d"
                        + " where datname like 'keyportal\\_test\\_%'"
                        + " and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)")) {
            while (abandoned.next()) {
                names.add(abandoned.getString(1));
            }
        } catch (SQLException e) {
            return; // best effort: a leftover database costs only disk space
        }
        for (String name : names) {
            try {
                admin("drop database if exists " + name);
            } catch (IllegalStateException inUseAgain) {
                // someone connected meanwhile; leave it
            }
        }
    }

    private static String withDatabase(String name) {
        return ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static Local fromEnvironment() {
        return new Local(System.getenv("TEST_DATABASE_URL"), env("TEST_DATABASE_USERNAME", "postgres"),
                env("TEST_DATABASE_PASSWORD", ""));
    }

    private static void admin(String... statements) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, ADMIN_USER, ADMIN_PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Local Postgres at " + ADMIN_URL + " refused: " + e.getMessage()
                    + " — is it running? (pg_ctlcluster <version> main start)", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
