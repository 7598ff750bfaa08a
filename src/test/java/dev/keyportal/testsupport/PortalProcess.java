package dev.keyportal.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.keyportal.KeyPortalApplication;
import org.awaitility.Awaitility;

import org.springframework.core.env.Environment;

/**
 * A portal instance in a process of its own, on the same database, OIDC provider and LiteLLM as the shared test
 * context, so a test can kill it outright (SIGKILL: no shutdown hook, no finally block, no rollback handler) in the
 * middle of a request. Its output goes to {@code target/portal-process.log}.
 */
public final class PortalProcess implements AutoCloseable {

    private static final List<String> SHARED = List.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "OIDC_ISSUER_URI", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "LITELLM_URL",
            "LITELLM_MASTER_KEY", "portal.team-claim", "portal.admin-groups", "portal.approver-groups");

    private static final HttpClient HEALTH_CHECKS = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int port;

    private PortalProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts an instance configured like {@code first} and waits until it answers its health check. */
    public static PortalProcess startLike(Environment first, String... extraProperties) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KeyPortalApplication.class.getName());
        for (String name : SHARED) {
            command.add("--" + name + "=" + first.getProperty(name, ""));
        }
        command.add("--server.port=" + port);
        command.add("--portal.jobs.enabled=false");
        command.add("--spring.flyway.enabled=false");
        for (String property : extraProperties) {
            command.add("--" + property);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/portal-process.log")).start();
        PortalProcess started = new PortalProcess(process, port);
        try {
            Awaitility.await("the separate portal process answering").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250)).until(started::healthy);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public int port() {
        return port;
    }

    /** Kills the process as an out-of-memory killer or a pulled plug would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The separate portal process exited; see target/portal-process.log");
        }
        try {
            HttpResponse<Void> response = HEALTH_CHECKS.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
