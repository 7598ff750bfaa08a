package dev.keyportal.spend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spend reads people and keys through the read views security and keys document ({@code portal_person_view},
 * {@code key_owner_view}), never through their tables, so those modules may change their tables behind the views.
 */
class SpendBoundaryTests {

    private static final Pattern OTHER_MODULES_TABLES = Pattern.compile("\\b(portal_user|issued_key)\\b");

    @Test
    void spendSqlNamesNoTableOfAnotherModule() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/keyportal/spend"))) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.endsWith("package-info.java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            assertThat(OTHER_MODULES_TABLES.matcher(Files.readString(source)).find()).as(source.toString()).isFalse();
        }
    }
}
