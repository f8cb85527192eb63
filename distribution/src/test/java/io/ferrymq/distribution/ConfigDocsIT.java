package io.ferrymq.distribution;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/configuration.md is exactly what the configuration classes generate (docs stay true). */
class ConfigDocsIT {
    @Test
    void committedReferenceMatchesTheCode() throws Exception {
        Path doc = Path.of(System.getProperty("ferrymq.docs.dir", "../docs"), "configuration.md");
        assertEquals(ConfigDocs.render(), Files.readString(doc, StandardCharsets.UTF_8),
                "docs/configuration.md is stale: regenerate it with io.ferrymq.distribution.ConfigDocs");
    }
}
