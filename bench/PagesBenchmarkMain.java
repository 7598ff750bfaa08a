/**
 * Entry point of bench/pages-benchmark.sh, run by the java launcher straight from this source file. It lives outside
 * the test sources so that spring-boot:test-run finds a single main class there (the portal's).
 */
public class PagesBenchmarkMain {

    public static void main(String[] args) {
        // the demo provider and the stand-in keep threads that would hold the JVM open
        System.exit(dev.keyportal.web.bench.PagesBenchmark.launch(args));
    }
}
