package io.ferrymq.client.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/client.md shows the {@code // [example]} region of every class of this package verbatim (de-indented):
 * the examples in the documentation are compiled code.
 */
class ExamplesInDocTest {
    private static Path moduleDir() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("src/test/java")) ? p : p.resolve("client");
    }

    static String region(String source) {
        String body = source.split("// \\[example]\n", 2)[1].split("// \\[/example]", 2)[0];
        List<String> lines = new ArrayList<>(List.of(body.stripTrailing().split("\n")));
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyExampleAppearsVerbatimInTheDoc() throws IOException {
        Path dir = moduleDir();
        String doc = Files.readString(dir.resolve("../docs/client.md").normalize(), StandardCharsets.UTF_8);
        List<Path> examples;
        try (Stream<Path> s = Files.list(dir.resolve("src/test/java/io/ferrymq/client/examples"))) {
            examples = s.filter(p -> p.getFileName().toString().endsWith("Example.java")).sorted().toList();
        }
        assertFalse(examples.isEmpty());
        for (Path p : examples) {
            String src = Files.readString(p, StandardCharsets.UTF_8);
            assertTrue(src.contains("// [example]"), p + " has no // [example] region");
            String name = p.getFileName().toString();
            assertTrue(doc.contains("// " + name + "\n" + region(src)),
                "docs/client.md does not show the example region of " + name + " verbatim; update the doc");
        }
    }
}
