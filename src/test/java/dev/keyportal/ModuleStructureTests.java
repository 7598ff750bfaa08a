package dev.keyportal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries (docs/architecture.md, modules): every module declares in its {@code package-info} which
 * modules it may use, Spring Modulith verifies the code against that (no undeclared dependency, no cycles, no
 * reaching into another module's internals), and the README's module map says the same.
 */
class ModuleStructureTests {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|.*\\| ([^|]+) \\|$");

    private final ApplicationModules modules = ApplicationModules.of(KeyPortalApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void everyCapabilityIsAModule() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .contains("security", "policy", "litellm", "audit", "keyrequest", "keys", "approval", "notification",
                        "spend", "web");
    }

    @Test
    void everyModuleDeclaresWhatItMayUseAndUsesAllOfIt() {
        modules.forEach(module -> {
            String name = module.getIdentifier().toString();
            ApplicationModule declaration = declarationOf(module.getBasePackage().getName());
            assertThat(declaration).as(name + "'s package-info declares @ApplicationModule").isNotNull();
            assertThat(declaration.allowedDependencies()).as(name + " lists its allowed dependencies")
                    .doesNotContain(ApplicationModule.OPEN_TOKEN);
            assertThat(Set.copyOf(Arrays.asList(declaration.allowedDependencies())))
                    .as(name + " declares exactly the modules it uses").isEqualTo(dependencies().get(name));
        });
    }

    @Test
    void theReadmeModuleMapHasARowPerModuleWithWhatItUses() throws IOException {
        Map<String, Set<String>> readme = new TreeMap<>();
        boolean inMap = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("## ")) {
                inMap = line.equals("## Module map");
            } else if (inMap) {
                Matcher row = ROW.matcher(line);
                if (row.matches()) {
                    readme.put(row.group(1), uses(row.group(2)));
                }
            }
        }
        assertThat(readme).as("README's module map: module -> uses").isEqualTo(dependencies());
    }

    @Test
    void nothingDependsOnTheWebModule() {
        var web = modules.getModuleByName("web").orElseThrow();
        modules.stream().filter(module -> !module.equals(web)).forEach(module ->
                assertThat(module.getDirectDependencies(modules).contains(web))
                        .as(module.getIdentifier() + " depends on web").isFalse());
    }

    /** Each module's direct dependencies on other modules, as the code has them. */
    private Map<String, Set<String>> dependencies() {
        return modules.stream().collect(Collectors.toMap(module -> module.getIdentifier().toString(),
                module -> module.getDirectDependencies(modules).uniqueModules()
                        .map(target -> target.getIdentifier().toString())
                        .collect(Collectors.toCollection(TreeSet::new)),
                (a, b) -> a, TreeMap::new));
    }

    /** The "uses" cell: module names in backticks, or a dash for none. */
    private static Set<String> uses(String cell) {
        Matcher name = Pattern.compile("`([a-z]+)`").matcher(cell);
        return name.results().map(result -> result.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static ApplicationModule declarationOf(String basePackage) {
        try {
            return Class.forName(basePackage + ".package-info").getAnnotation(ApplicationModule.class);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
