package dev.keyportal.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks record about the machine they run on, and a free port to start something on. */
public final class Machine {

    private Machine() {
    }

    /** The output of {@code uptime}: the load averages every benchmark figure is recorded with. */
    public static String uptime() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("uptime").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    /** The one-minute load average, or "?" where {@code /proc/loadavg} cannot be read. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
