package dev.keyportal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands alone: no source, test, doc, benchmark or deployment file refers to a file outside it
 * (design notes kept elsewhere, paths that climb out of the checkout), and every relative link in the Markdown
 * docs points at a file that exists. What the code relies on is written down in docs/ instead.
 */
class RepositoryStandsAloneTests {

    /** What is scanned, relative to the repository root. */
    private static final List<String> SCANNED = List.of("src", "docs", "bench", "deploy", "README.md");

    private static final Set<String> BINARY = Set.of("png", "jpg", "jpeg", "gif", "ico", "webp", "svgz", "woff",
            "woff2", "ttf", "eot", "jar", "class", "zip", "gz");

    /*
     * The names are put together from parts so that this file does not match its own rules (it is also skipped).
     */
    private static final Pattern NAMED_NOTE = Pattern.compile("\\b(?:" + "DES" + "IGN|" + "STY" + "LE|" + "SECU"
            + "RITY|" + "TOOL" + "CHAIN)\\.md\\b");
    private static final List<Rule> RULES = List.of(
            new Rule("a folder of design notes outside the repository",
                    Pattern.compile("(?<![\\w.-])" + "sha" + "red/")),
            new Rule("a design note cited by name",
                    Pattern.compile("\\b(?:" + "DES" + "IGN|" + "STY" + "LE|" + "TOOL" + "CHAIN)\\b(?!\\.md)")),
            new Rule("the LiteLLM notes that are not in the repository",
                    Pattern.compile("litellm-admin" + "-api", Pattern.CASE_INSENSITIVE)),
            new Rule("a numbered rule of a document outside the repository",
                    Pattern.compile("\\b" + "invari" + "ants? \\d", Pattern.CASE_INSENSITIVE)),
            new Rule("a reference document outside the repository",
                    Pattern.compile("\\bthe " + "refer" + "ence\\b|\\b" + "refer" + "ence \u00a7",
                            Pattern.CASE_INSENSITIVE)));

    private static final Pattern CLIMBING_PATH = Pattern.compile("(?:\\.\\./)+[\\w.\\-/]*");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern LINK_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root = Paths.get("").toAbsolutePath().normalize();

    @Test
    void nothingRefersToAFileOutsideTheRepository() {
        assertThat(root.resolve("pom.xml")).as("tests run from the repository root").exists();
        List<String> findings = new ArrayList<>();
        for (Path file : scannedFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String problem : problems(file, lines.get(i))) {
                    findings.add(root.relativize(file) + ":" + (i + 1) + ": " + problem + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(findings).as("references to files outside the repository; write what is needed into docs/")
                .isEmpty();
    }

    @Test
    void everyRelativeLinkInTheDocsPointsAtAFile() {
        List<Path> markdown = new ArrayList<>(List.of(root.resolve("README.md")));
        markdown.addAll(scannedFiles().stream()
                .filter(file -> file.startsWith(root.resolve("docs")) && file.toString().endsWith(".md")).toList());
        List<String> broken = new ArrayList<>();
        for (Path file : markdown) {
            List<String> lines = lines(file);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) {
                    continue;
                }
                for (String target : linkTargets(line)) {
                    if (!pointsAtAFile(file, target)) {
                        broken.add(root.relativize(file) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertThat(broken).as("relative Markdown links to files that do not exist").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        Path readme = root.resolve("README.md");
        assertThat(problems(readme, "see " + "DES" + "IGN" + ".md, step 4")).isNotEmpty();
        assertThat(problems(readme, "(" + "SECU" + "RITY.md " + "invari" + "ant 8)")).isNotEmpty();
        assertThat(problems(readme, "/work/" + "sha" + "red/notes.md")).isNotEmpty();
        assertThat(problems(readme, "the " + "refer" + "ence says so")).isNotEmpty();
        assertThat(problems(readme, "see ../../outside/notes.md")).isNotEmpty();
        assertThat(problems(readme, "see docs/architecture.md, issuing")).isEmpty();
        assertThat(linkTargets("[a](docs/x.md) and ![b](img.png \"t\") and [c](https://example.com) `[d](no.md)`"))
                .containsExactly("docs/x.md", "img.png", "https://example.com");
        assertThat(pointsAtAFile(readme, "docs/no-such-file.md")).isFalse();
        assertThat(pointsAtAFile(readme, "docs/architecture.md#issuing")).isTrue();
    }

    private List<String> problems(Path file, String line) {
        List<String> problems = new ArrayList<>();
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(line).find()) {
                problems.add(rule.what());
            }
        }
        Matcher note = NAMED_NOTE.matcher(line);
        while (note.find()) {
            String name = note.group();
            if (!Files.exists(root.resolve(name)) && !Files.exists(root.resolve("docs").resolve(name))) {
                problems.add("a design note that is not in the repository (" + name + ")");
            }
        }
        Matcher climbing = CLIMBING_PATH.matcher(line);
        while (climbing.find()) {
            if (!file.getParent().resolve(climbing.group()).normalize().startsWith(root)) {
                problems.add("a path that leaves the repository (" + climbing.group() + ")");
            }
        }
        return problems;
    }

    private static List<String> linkTargets(String line) {
        String text = INLINE_CODE.matcher(line).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(text);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher definition = LINK_DEFINITION.matcher(text);
        if (definition.matches()) {
            targets.add(definition.group(1));
        }
        return targets;
    }

    /** True for links that leave the docs (URLs, in-page anchors) or name an existing file in the repository. */
    private boolean pointsAtAFile(Path from, String target) {
        if (URL_SCHEME.matcher(target).find() || target.startsWith("#")) {
            return true;
        }
        String path = URLDecoder.decode(target.replaceFirst("[#?].*$", ""), StandardCharsets.UTF_8);
        Path resolved = (path.startsWith("/") ? root.resolve(path.substring(1)) : from.getParent().resolve(path))
                .normalize();
        return resolved.startsWith(root) && Files.exists(resolved);
    }

    private List<Path> scannedFiles() {
        Path self = root.resolve(Paths.get("src", "test", "java", "dev", "keyportal",
                RepositoryStandsAloneTests.class.getSimpleName() + ".java"));
        List<Path> files = new ArrayList<>();
        for (String entry : SCANNED) {
            Path start = root.resolve(entry);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(start)) {
                walk.filter(Files::isRegularFile).filter(file -> !file.equals(self)).filter(this::isText)
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private boolean isText(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && BINARY.contains(name.substring(dot + 1))) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Rule(String what, Pattern pattern) {
    }
}
