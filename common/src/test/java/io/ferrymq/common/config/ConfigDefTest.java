package io.ferrymq.common.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One key defined once: its default, its rule, its errors and its documentation all come from the definition. */
class ConfigDefTest {
    enum Mode { FAST, SAFE }

    private static final ConfigDef.Builder KEYS = ConfigDef.builder("sample");
    static final ConfigKey<Integer> PORT = KEYS.define(ConfigKey.integer("listenPort", 10911).range(0, 65535)
            .doc("Port."));
    static final ConfigKey<Boolean> ENABLED = KEYS.define(ConfigKey.bool("featureEnable", false).runtime()
            .alias("featureEnabled").doc("Switch."));
    static final ConfigKey<Mode> MODE = KEYS.define(ConfigKey.enumKey("mode", Mode.class, Mode.SAFE).doc("Mode."));
    static final ConfigKey<String> NAME = KEYS.define(ConfigKey.optionalString("name").doc("Optional name."));
    static final ConfigDef DEF = KEYS.build();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsComeFromTheDefinition() {
        ConfigValues v = DEF.defaults();
        assertEquals(10911, v.get(PORT));
        assertEquals(false, v.get(ENABLED));
        assertEquals(Mode.SAFE, v.get(MODE));
        assertEquals(null, v.get(NAME));
        assertEquals(List.of("listenPort", "featureEnable", "mode", "name"), List.copyOf(DEF.names()));
    }

    @Test
    void badTextNamesTheKeyTheValueAndWhatIsAllowed() {
        ConfigValues v = DEF.defaults();
        ConfigException e = assertThrows(ConfigException.class, () -> v.setText("listenPort", "70000"));
        assertEquals("config 'listenPort' = '70000' is invalid: out of range (allowed: 0 .. 65535)", e.getMessage());
        assertEquals("listenPort", e.key());
        e = assertThrows(ConfigException.class, () -> v.setText("mode", "QUICK"));
        assertEquals("config 'mode' = 'QUICK' is invalid: not one of the allowed names (allowed: FAST, SAFE)",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> v.setText("featureEnable", "yes"));
        assertTrue(e.getMessage().contains("expected true or false"), e.getMessage());
        assertThrows(ConfigException.class, () -> v.set(PORT, -1), "typed setters check too");
        assertEquals(10911, v.get(PORT));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> DEF.defaults().apply(props("listenPrt", "1")));
        assertEquals("unknown sample config key 'listenPrt'; did you mean 'listenPort'?", e.getMessage());
        e = assertThrows(ConfigException.class, () -> DEF.defaults().apply(props("somethingElseEntirely", "1")));
        assertEquals("unknown sample config key 'somethingElseEntirely'", e.getMessage(), "no wild guess");
    }

    @Test
    void applyIsAllOrNothingAndAliasesMeanTheSameKey() {
        ConfigValues v = DEF.defaults();
        assertThrows(ConfigException.class, () -> v.apply(props("listenPort", "1", "mode", "nope")));
        assertEquals(10911, v.get(PORT), "nothing applied when one value is bad");
        v.apply(props("listenPort", "1", "featureEnabled", "true"));
        assertEquals(1, v.get(PORT));
        assertEquals(true, v.get(ENABLED));
        assertThrows(ConfigException.class, () -> v.apply(props("featureEnabled", "true", "featureEnable", "false")),
                "one key under two names is ambiguous");
    }

    @Test
    void readerAcceptsForeignKeysAndReportsWhyTheyAreIgnored() {
        ConfigValues v = DEF.defaults();
        List<ConfigReader.IgnoredKey> ignored = new ConfigReader("broker", List.of(v), ForeignKeys.rocketMqBroker())
                .read(props("listenPort", "2", "enableDLegerCommitLog", "false", "useTLS", "false"));
        assertEquals(2, v.get(PORT));
        assertEquals(List.of("enableDLegerCommitLog", "useTLS"), ignored.stream().map(ConfigReader.IgnoredKey::name)
                .toList());
        assertTrue(ignored.get(0).warning().startsWith("config key 'enableDLegerCommitLog' (Apache RocketMQ) has no "
                + "effect in FerryMQ: DLedger"), ignored.get(0).warning());
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigReader("broker", List.of(v),
                ForeignKeys.rocketMqBroker()).read(props("enableDLegerCommitLg", "false")));
        assertEquals("unknown broker config key 'enableDLegerCommitLg'; did you mean 'enableDLegerCommitLog'?",
                e.getMessage());
    }

    @Test
    void markdownComesFromTheDefinition() {
        String md = ConfigMarkdown.table(DEF);
        assertTrue(md.contains("| `listenPort` | no | `10911` | 0 .. 65535 | Port. |"), md);
        assertTrue(md.contains("| `featureEnable` | yes | `false` | true, false | Switch. Also accepted as "
                + "`featureEnabled` (Apache RocketMQ's name). |"), md);
        assertTrue(md.contains("| `name` | no | (none) |"), md);
    }

    @Test
    void aDefaultThatBreaksItsOwnRuleFailsAtDefinition() {
        ConfigDef.Builder b = ConfigDef.builder("bad");
        assertThrows(ConfigException.class, () -> b.define(ConfigKey.integer("x", 5).range(10, 20).doc("x")));
    }
}
