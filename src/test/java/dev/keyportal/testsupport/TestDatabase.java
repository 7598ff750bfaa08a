package dev.keyportal.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.DockerClientFactory;

/**
 * Where tests and the local demo keep their data: a Testcontainers Postgres when Docker is available, otherwise
 * the local server on 127.0.0.1:5432. Locally, the test database is dropped and created once per JVM so every
 * run starts clean; the demo database is kept between runs. {@code TEST_DATABASE_URL} (with
 * {@code TEST_DATABASE_USERNAME} and {@code TEST_DATABASE_PASSWORD}) points at any other database instead.
 */
public final class TestDatabase {

    public static final boolean DOCKER = System.getenv("TEST_DATABASE_URL") == null && dockerAvailable();

    private static final String ADMIN_URL = env("TEST_DATABASE_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String ADMIN_USER = env("TEST_DATABASE_ADMIN_USERNAME", "postgres");
    private static final String ADMIN_PASSWORD = env("TEST_DATABASE_ADMIN_PASSWORD", "");
    private static boolean testDatabaseRecreated;

    private TestDatabase() {
    }

    /** A JDBC URL, user and password for the local server. */
    public record Local(String url, String username, String password) {
    }

    /** The freshly created database for this test JVM. */
    public static synchronized Local forTests() {
        if (System.getenv("TEST_DATABASE_URL") != null) {
            return fromEnvironment();
        }
        if (!testDatabaseRecreated) {
            admin("drop database if exists keyportal_test with (force)", "create database keyportal_test");
            testDatabaseRecreated = true;
        }
        return new Local(ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/keyportal_test$1"), ADMIN_USER, ADMIN_PASSWORD);
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
        return new Local(ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/keyportal_demo$1"), ADMIN_USER, ADMIN_PASSWORD);
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
