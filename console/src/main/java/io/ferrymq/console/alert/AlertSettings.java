package io.ferrymq.console.alert;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's alerting settings: the {@code alert.*} lines of {@code conf/console.conf}, checked key by key
 * ({@link #DEF}; an unknown key names the closest known one). Rules may be given there too, as
 * {@code alert.rule.<id>.<field>=value} lines ({@link Rule#DEF} lists the fields); such rules cannot be changed
 * through the API. Immutable after {@link #parse}.
 *
 * <pre>
 * alert.evaluateIntervalMillis=15000
 * alert.repeatIntervalMinutes=240
 * alert.mail.smtpHost=smtp.example.com
 * alert.mail.smtpPort=587
 * alert.mail.security=STARTTLS
 * alert.mail.user=ferrymq
 * alert.mail.password=...
 * alert.mail.from=ferrymq@example.com
 * alert.mail.to=ops@example.com,oncall@example.com
 * alert.webhook.urls=https://chat.example.com/hooks/abc
 * alert.rule.orders-backlog.condition=group-backlog
 * alert.rule.orders-backlog.group=orders-*
 * alert.rule.orders-backlog.threshold=1000
 * </pre>
 */
public final class AlertSettings {
    /** How the SMTP connection is protected. */
    public enum MailSecurity {
        /** Plain SMTP (only for a relay on the same host or network). */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required (port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        TLS
    }

    private static final ConfigDef.Builder KEYS = ConfigDef.builder("console alert");
    public static final ConfigKey<Boolean> ENABLED = KEYS.define(ConfigKey.bool("enabled", true)
            .doc("false turns alert evaluation and notifications off."));
    public static final ConfigKey<Long> EVALUATE_INTERVAL = KEYS.define(ConfigKey.longKey("evaluateIntervalMillis",
            15_000).range(100, 600_000).doc("How often the rules are evaluated against the latest snapshots."));
    public static final ConfigKey<Long> REPEAT_INTERVAL = KEYS.define(ConfigKey.longKey("repeatIntervalMinutes", 240)
            .range(1, 7 * 1440).doc("A firing alert that is not acknowledged is notified again after this long."));
    public static final ConfigKey<Integer> HISTORY_DAYS = KEYS.define(ConfigKey.integer("historyDays", 7)
            .range(1, 31).doc("How long the alert history is kept."));
    public static final ConfigKey<Long> CONSUMER_REFRESH = KEYS.define(ConfigKey.longKey(
            "lastConsumerRefreshMillis", 60_000).range(100, 3_600_000)
            .doc("How often the online consumers of each group are noted (hints name a group's last consumer)."));
    public static final ConfigKey<Integer> LAG_LOOKUPS = KEYS.define(ConfigKey.integer("maxLagLookupsPerRound", 200)
            .range(0, 100_000).doc("Most calls per round for group-lag-seconds: the progress of each lagging group on "
                    + "each master, and one pull of the oldest unconsumed message per lagging queue (cached per "
                    + "queue offset); beyond it the figure is unknown for that round."));
    public static final ConfigKey<Integer> SUBSCRIPTION_CHECKS = KEYS.define(ConfigKey.integer(
            "maxSubscriptionChecksPerRound", 100).range(0, 100_000).doc("Most calls per round for "
                    + "subscription-mismatch: one per online consumer of each group with two or more, every "
                    + "lastConsumerRefreshMillis; a group whose consumers do not fit waits for a later round."));
    public static final ConfigKey<Long> ROLE_REFRESH = KEYS.define(ConfigKey.longKey("brokerRoleRefreshMillis",
            300_000).range(100, 86_400_000).doc("How often each master's brokerRole is read (for "
                    + "sync-master-no-in-sync-slave)."));
    public static final ConfigKey<String> CONSOLE_URL = KEYS.define(ConfigKey.optionalString("consoleUrl")
            .doc("The console's address as people reach it, for links in notifications (empty: no links)."));
    public static final ConfigKey<String> SMTP_HOST = KEYS.define(ConfigKey.optionalString("mail.smtpHost")
            .doc("SMTP server for alert mail (empty: no mail)."));
    public static final ConfigKey<Integer> SMTP_PORT = KEYS.define(ConfigKey.integer("mail.smtpPort", 587)
            .range(1, 65535).doc("SMTP port (587 STARTTLS, 465 TLS, 25 plain)."));
    public static final ConfigKey<MailSecurity> SMTP_SECURITY = KEYS.define(ConfigKey.enumKey("mail.security",
            MailSecurity.class, MailSecurity.STARTTLS).doc("NONE, STARTTLS (required when chosen) or TLS."));
    public static final ConfigKey<String> SMTP_USER = KEYS.define(ConfigKey.optionalString("mail.user")
            .doc("SMTP user (empty: no authentication)."));
    public static final ConfigKey<String> SMTP_PASSWORD = KEYS.define(ConfigKey.optionalString("mail.password")
            .doc("SMTP password."));
    public static final ConfigKey<String> MAIL_FROM = KEYS.define(ConfigKey.optionalString("mail.from")
            .doc("Sender address of alert mail."));
    public static final ConfigKey<String> MAIL_TO = KEYS.define(ConfigKey.optionalString("mail.to")
            .doc("Recipients, comma-separated."));
    public static final ConfigKey<Boolean> SMTP_TRUST_ALL = KEYS.define(ConfigKey.bool("mail.trustAllHosts", false)
            .doc("Accept any TLS certificate of the SMTP server (tests and private relays only)."));
    public static final ConfigKey<String> WEBHOOK_URLS = KEYS.define(ConfigKey.optionalString("webhook.urls")
            .doc("Webhook endpoints (http or https), comma-separated; each gets the JSON of docs/console.md."));
    public static final ConfigKey<Integer> NOTIFY_ATTEMPTS = KEYS.define(ConfigKey.integer("notify.attempts", 6)
            .range(1, 50).doc("Attempts per notification and channel before it is given up (and shown as failed)."));
    public static final ConfigKey<Long> NOTIFY_BACKOFF = KEYS.define(ConfigKey.longKey("notify.backoffMillis", 2_000)
            .range(10, 3_600_000).doc("Wait before the first retry; it doubles with each further attempt."));
    public static final ConfigKey<Long> NOTIFY_MAX_BACKOFF = KEYS.define(ConfigKey.longKey("notify.maxBackoffMillis",
            300_000).range(10, 86_400_000).doc("Longest wait between retries."));
    public static final ConfigKey<Long> NOTIFY_TIMEOUT = KEYS.define(ConfigKey.longKey("notify.timeoutMillis",
            10_000).range(100, 120_000).doc("Connect and read timeout of one attempt (SMTP and webhooks)."));
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values;
    private final List<Rule> rules;

    private AlertSettings(ConfigValues values, List<Rule> rules) {
        this.values = values;
        this.rules = List.copyOf(rules);
    }

    /** The defaults: no channels, built-in rules only. */
    public static AlertSettings defaults() {
        return new AlertSettings(DEF.defaults(), List.of());
    }

    /**
     * Parses the {@code alert.} lines, given without the prefix; throws IllegalArgumentException naming every bad
     * key.
     */
    public static AlertSettings parse(Map<String, String> settings) {
        ConfigValues v = DEF.defaults();
        Map<String, Map<String, String>> ruleFields = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String k = e.getKey();
            if (k.startsWith("rule.")) {
                int dot = k.indexOf('.', 5);
                if (dot < 0) {
                    errors.add("alert." + k + ": give alert.rule.<id>.<field>");
                    continue;
                }
                ruleFields.computeIfAbsent(k.substring(5, dot), x -> new LinkedHashMap<>())
                        .put(k.substring(dot + 1), e.getValue());
                continue;
            }
            try {
                v.setText(k, e.getValue());
            } catch (ConfigException ex) {
                errors.add("alert." + k + ": " + ex.getMessage());
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> r : ruleFields.entrySet()) {
            try {
                rules.add(Rule.parse(r.getKey(), r.getValue(), false));
            } catch (IllegalArgumentException ex) {
                errors.add("alert.rule." + r.getKey() + ": " + ex.getMessage());
            }
        }
        if (v.get(SMTP_HOST) != null && (v.get(MAIL_FROM) == null || v.get(MAIL_TO) == null)) {
            errors.add("alert.mail.smtpHost is set: set alert.mail.from and alert.mail.to as well");
        }
        if (v.get(SMTP_HOST) != null && v.get(MAIL_FROM) != null && v.get(MAIL_TO) != null) {
            try {
                new jakarta.mail.internet.InternetAddress(v.get(MAIL_FROM), true);
                jakarta.mail.internet.InternetAddress.parse(v.get(MAIL_TO), true);
            } catch (jakarta.mail.internet.AddressException ex) {
                errors.add("alert.mail.from / alert.mail.to: " + ex.getMessage());
            }
        }
        if ((v.get(SMTP_USER) == null) != (v.get(SMTP_PASSWORD) == null)) {
            errors.add("alert.mail.user and alert.mail.password go together");
        }
        if (v.get(WEBHOOK_URLS) != null) {
            for (String u : urls(v.get(WEBHOOK_URLS))) {
                if (!u.startsWith("http://") && !u.startsWith("https://")) {
                    errors.add("alert.webhook.urls: '" + u + "' is not an http:// or https:// URL");
                } else {
                    try {
                        java.net.URI.create(u).toURL();
                    } catch (Exception ex) {
                        errors.add("alert.webhook.urls: '" + u + "' is not a URL: " + ex.getMessage());
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new AlertSettings(v, rules);
    }

    private static List<String> urls(String list) {
        List<String> out = new ArrayList<>();
        for (String u : list.split(",")) {
            if (!u.isBlank()) {
                out.add(u.trim());
            }
        }
        return out;
    }

    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    public boolean enabled() {
        return values.get(ENABLED);
    }

    public long evaluateIntervalMillis() {
        return values.get(EVALUATE_INTERVAL);
    }

    public long repeatIntervalMillis() {
        return values.get(REPEAT_INTERVAL) * 60_000;
    }

    public long historyMillis() {
        return values.get(HISTORY_DAYS) * 86_400_000L;
    }

    /** Rules from the configuration file. */
    public List<Rule> rules() {
        return rules;
    }

    public List<String> webhookUrls() {
        String u = values.get(WEBHOOK_URLS);
        return u == null ? List.of() : urls(u);
    }

    public List<String> mailTo() {
        String u = values.get(MAIL_TO);
        return u == null ? List.of() : urls(u);
    }

    public boolean mail() {
        return values.get(SMTP_HOST) != null;
    }
}
