/**
 * Entry point of bench/audit-benchmark.sh, run by the java launcher straight from this source file. It lives outside
 * the test sources so that spring-boot:test-run finds a single main class there (the portal's).
 */
public class AuditBenchmarkMain {

    public static void main(String[] args) {
        // the demo provider and the stand-in keep threads that would hold the JVM open
        System.exit(dev.keyportal.audit.bench.AuditBenchmark.launch(args));
    }
}
