package dev.keyportal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} publishes nothing beyond the machine unless told to, and has no default for any secret:
 * the demo's placeholders live in {@code deploy/demo.env}, which also says {@code PORTAL_DEMO=true}.
 */
class ComposeFileTests {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([^}]*)}");
    private static final Pattern SECRET = Pattern.compile(".*(PASSWORD|SECRET|_KEY)$");
    /** The provider key for the models: without it keys are still issued, only chat calls fail. */
    private static final String OPTIONAL_SECRET = "OPENAI_API_KEY";

    private final String compose = read("docker-compose.yml");

    @Test
    void publishedPortsListenOnLoopbackUnlessToldOtherwise() {
        Map<String, Map<String, Object>> services = new Yaml().<Map<String, Map<String, Map<String, Object>>>>load(
                compose).get("services");
        List<String> published = new ArrayList<>();
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<Object> ports = (List<Object>) service.getOrDefault("ports", List.of());
            ports.forEach(port -> published.add(name + " " + port));
        });

        assertThat(published).hasSize(5).allSatisfy(port -> assertThat(port)
                .matches("\\S+ \\$\\{PUBLISH_ADDRESS:-127\\.0\\.0\\.1}:\\d+:\\d+"));
    }

    @Test
    void everySecretMustBeGivenAndOnlyTheDemoFileGivesPlaceholders() {
        Map<String, String> secrets = new LinkedHashMap<>();
        Matcher variable = VARIABLE.matcher(compose.replaceAll("(?m)^\\s*#.*$", ""));
        while (variable.find()) {
            if (SECRET.matcher(variable.group(1)).matches() && !variable.group(1).equals(OPTIONAL_SECRET)) {
                secrets.put(variable.group(1) + " " + variable.group(0), variable.group(2));
            }
        }
        Map<String, String> demo = new LinkedHashMap<>();
        for (String line : read("deploy/demo.env").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                demo.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }

        assertThat(secrets).isNotEmpty().allSatisfy((use, operator) -> assertThat(operator).as(use).isEqualTo(":?"));
        assertThat(secrets.keySet()).extracting(use -> use.substring(0, use.indexOf(' ')))
                .contains("LITELLM_MASTER_KEY", "KEYCLOAK_ADMIN_PASSWORD")
                .allSatisfy(name -> assertThat(demo).containsKey(name));
        assertThat(demo).containsEntry("PORTAL_DEMO", "true");
        assertThat(compose).contains("PORTAL_DEMO: ${PORTAL_DEMO:-false}");
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
