package io.ferrymq.common.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The keys Apache RocketMQ 5.3.3 knows for one of its servers, read from data shipped in this jar, so FerryMQ can
 * accept a RocketMQ {@code broker.conf}/{@code namesrv.conf} as is: a RocketMQ key FerryMQ has no equivalent for is
 * accepted and reported (with the reason it has no effect), while a key neither knows is still refused.
 *
 * <p>{@code rocketmq-keys.txt} lists {@code <RocketMQ class> <key>} per line; {@code RocketMqKeysTest} derives the
 * same list from RocketMQ's jars and fails when they differ. {@code rocketmq-ignored-reasons.txt} holds {@code
 * <regex> TAB <reason>} lines, first match wins, for the keys FerryMQ does not honour. Immutable, thread-safe.
 */
public final class ForeignKeys {
    /** RocketMQ's config classes read by its broker ({@code BrokerStartup}). */
    public static final List<String> BROKER_CLASSES =
            List.of("BrokerConfig", "MessageStoreConfig", "NettyServerConfig", "NettyClientConfig");
    /** RocketMQ's config classes read by its name server ({@code NamesrvStartup}). */
    public static final List<String> NAMESRV_CLASSES = List.of("NamesrvConfig", "NettyServerConfig");

    private static final String KEYS_RESOURCE = "rocketmq-keys.txt";
    private static final String REASONS_RESOURCE = "rocketmq-ignored-reasons.txt";

    private final Set<String> names;
    private final List<Reason> reasons;

    private record Reason(Pattern pattern, String text) {
    }

    private ForeignKeys(Set<String> names, List<Reason> reasons) {
        this.names = Collections.unmodifiableSet(names);
        this.reasons = reasons;
    }

    /** The keys of RocketMQ's broker (broker, message store, Netty server and client settings). */
    public static ForeignKeys rocketMqBroker() {
        return load(BROKER_CLASSES);
    }

    /** The keys of RocketMQ's name server (name server and Netty server settings). */
    public static ForeignKeys rocketMqNameServer() {
        return load(NAMESRV_CLASSES);
    }

    /** No foreign keys: every key must be the component's own. */
    public static ForeignKeys none() {
        return new ForeignKeys(new TreeSet<>(), List.of());
    }

    private static ForeignKeys load(List<String> classes) {
        Set<String> names = new TreeSet<>();
        for (String line : lines(KEYS_RESOURCE)) {
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException(KEYS_RESOURCE + ": malformed line '" + line + "'");
            }
            if (classes.contains(parts[0])) {
                names.add(parts[1]);
            }
        }
        List<Reason> reasons = new ArrayList<>();
        for (String line : lines(REASONS_RESOURCE)) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException(REASONS_RESOURCE + ": no TAB in '" + line + "'");
            }
            reasons.add(new Reason(Pattern.compile(line.substring(0, tab)), line.substring(tab + 1).trim()));
        }
        return new ForeignKeys(names, reasons);
    }

    /** Every line of a resource next to this class, without blank lines and '#' comments. */
    static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = ForeignKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from ferrymq-common");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Set<String> names() {
        return names;
    }

    public boolean contains(String key) {
        return names.contains(key);
    }

    /** Why setting this key has no effect in FerryMQ (for keys FerryMQ does not define itself). */
    public String reasonIgnored(String key) {
        for (Reason r : reasons) {
            if (r.pattern().matcher(key).find()) {
                return r.text();
            }
        }
        return "FerryMQ has no equivalent setting";
    }
}
