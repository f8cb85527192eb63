package io.ferrymq.remoting.protocol;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every header class of ours against the official 5.3.3 class of the same name: an official header with every
 * field set, put on the wire by the official code, decodes with ours, and ours writes back the same keys and
 * values. This pins the key names (clientID, isForce, ...) and required fields of all headers at once.
 * (Reflection is used here, in the test, to fill the official objects; our codecs use none.)
 */
class AllHeadersMatchOfficialTest {
    /** RPC-layer keys the official headers carry that FerryMQ ignores (bname is carried where the client sends it). */
    private static final Set<String> IGNORED_OFFICIAL_KEYS = Set.of("ns", "nsd", "lo", "oway", "bname");
    /** Extra keys some requests/responses carry outside the official header class. */
    private static final Set<String> EXTRA_KEYS = Set.of("MSG_REGION", "TRACE_ON", "_UNIQUE_KEY_QUERY");
    private static final Map<String, String> OFFICIAL_NAME = Map.of(
            "UnregisterBrokerRequestHeader", "namesrv.UnRegisterBrokerRequestHeader");

    @Test
    void everyHeaderMatchesItsOfficialClass() throws Exception {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> ours : ourHeaderClasses()) {
            Class<?> official = officialClass(ours.getSimpleName());
            CommandCustomHeader o = (CommandCustomHeader) official.getDeclaredConstructor().newInstance();
            fillEveryField(o);
            var cmd = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(0, o);
            cmd.makeCustomHeaderToNet();
            Map<String, String> officialExt = new HashMap<>(cmd.getExtFields());

            Method decode = ours.getMethod("decode", ExtFields.class);
            CommandHeader h = (CommandHeader) decode.invoke(null, new ExtFields(officialExt));
            Map<String, String> back = new HashMap<>();
            h.writeTo(back);

            for (Map.Entry<String, String> e : back.entrySet()) {
                if (!EXTRA_KEYS.contains(e.getKey()) && !e.getValue().equals(officialExt.get(e.getKey()))) {
                    problems.add(ours.getSimpleName() + " key '" + e.getKey() + "' = '" + e.getValue()
                            + "', official '" + officialExt.get(e.getKey()) + "'");
                }
            }
            Set<String> missing = new TreeSet<>(officialExt.keySet());
            missing.removeAll(back.keySet());
            missing.removeAll(IGNORED_OFFICIAL_KEYS);
            if (!missing.isEmpty()) {
                problems.add(ours.getSimpleName() + " does not carry official keys " + missing);
            }
            checked.add(ours.getSimpleName());
        }
        assertEquals(List.of(), problems);
        assertTrue(checked.size() >= 55, "checked only " + checked);
    }

    private static List<Class<?>> ourHeaderClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(io.ferrymq.remoting.protocol.header.PullMessageRequestHeader.class
                .getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/ferrymq/remoting/protocol/header");
        List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String f = p.getFileName().toString();
                if (f.endsWith(".class") && !f.contains("$")) {
                    result.add(Class.forName("io.ferrymq.remoting.protocol.header." + f.replace(".class", "")));
                }
            }
        }
        return result;
    }

    private static Class<?> officialClass(String simpleName) throws ClassNotFoundException {
        String base = "org.apache.rocketmq.remoting.protocol.header.";
        String mapped = OFFICIAL_NAME.get(simpleName);
        if (mapped != null) {
            return Class.forName(base + mapped);
        }
        try {
            return Class.forName(base + simpleName);
        } catch (ClassNotFoundException e) {
            return Class.forName(base + "namesrv." + simpleName);
        }
    }

    private static void fillEveryField(Object o) throws IllegalAccessException {
        int n = 1;
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Class<?> t = f.getType();
                n++;
                if (t == String.class) {
                    f.set(o, "v-" + f.getName());
                } else if (t == Integer.class || t == int.class) {
                    f.set(o, 100 + n);
                } else if (t == Long.class || t == long.class) {
                    f.set(o, 1_700_000_000_000L + n);
                } else if (t == Boolean.class || t == boolean.class) {
                    f.set(o, true);
                } else if (t.isEnum()) {
                    f.set(o, t.getEnumConstants()[0]);
                }
            }
        }
    }
}
