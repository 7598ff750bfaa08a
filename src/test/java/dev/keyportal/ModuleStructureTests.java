package dev.keyportal;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/** The module boundaries (docs/architecture.md, modules): no cycles, internals stay internal. */
class ModuleStructureTests {

    private final ApplicationModules modules = ApplicationModules.of(KeyPortalApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void everyCapabilityIsAModule() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .contains("security", "policy", "litellm", "audit", "keyrequest", "keys", "web");
    }

    @Test
    void nothingDependsOnTheWebModule() {
        var web = modules.getModuleByName("web").orElseThrow();
        modules.stream().filter(module -> !module.equals(web)).forEach(module ->
                assertThat(module.getDirectDependencies(modules).contains(web))
                        .as(module.getIdentifier() + " depends on web").isFalse());
    }
}
