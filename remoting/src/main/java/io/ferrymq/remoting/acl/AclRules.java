package io.ferrymq.remoting.acl;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accounts of an ACL file, keyed by access key. The file is YAML in the shape of RocketMQ's
 * {@code plain_acl.yml}:
 * <pre>
 * accounts:
 *   - accessKey: ferry-admin
 *     secretKey: change-me-please
 *     admin: true
 *     whiteRemoteAddress: 10.0.0.0/8
 *   - accessKey: orders-app
 *     secretKey: another-secret
 *     defaultTopicPerm: DENY
 *     defaultGroupPerm: SUB
 *     topicPerms: [orders=PUB|SUB, orders-*=PUB]
 *     groupPerms: [orders-consumers=SUB]
 * </pre>
 * Parsing is strict: an unknown key, a duplicate access key, a secret shorter than {@value #MIN_SECRET_LENGTH}
 * characters or a malformed permission fails with a message naming the account (never its secret). Immutable.
 */
public final class AclRules {
    public static final int MIN_SECRET_LENGTH = 6;
    /** Secrets of the shipped templates start with this; they are refused so a template never runs as shipped. */
    public static final String PLACEHOLDER_PREFIX = "CHANGE-ME";
    private static final Set<String> ACCOUNT_KEYS = Set.of("accessKey", "secretKey", "admin", "disabled", "whiteRemoteAddress",
            "defaultTopicPerm", "defaultGroupPerm", "topicPerms", "groupPerms");

    private final Map<String, AclAccount> accounts;

    public AclRules(Collection<AclAccount> accounts) {
        Map<String, AclAccount> m = new LinkedHashMap<>();
        for (AclAccount a : accounts) {
            if (m.put(a.accessKey(), a) != null) {
                throw new IllegalArgumentException("access key '" + a.accessKey() + "' is defined twice");
            }
        }
        this.accounts = Collections.unmodifiableMap(m);
    }

    public AclAccount account(String accessKey) {
        return accounts.get(accessKey);
    }

    /** Accounts in file order. */
    public Collection<AclAccount> accounts() {
        return accounts.values();
    }

    /** This rule set with {@code account} added or replacing the one with its access key. */
    public AclRules with(AclAccount account) {
        Map<String, AclAccount> m = new LinkedHashMap<>(accounts);
        m.put(account.accessKey(), account);
        return new AclRules(m.values());
    }

    /** This rule set without {@code accessKey}. */
    public AclRules without(String accessKey) {
        Map<String, AclAccount> m = new LinkedHashMap<>(accounts);
        m.remove(accessKey);
        return new AclRules(m.values());
    }

    /**
     * Parses ACL YAML text.
     *
     * @throws IllegalArgumentException naming what is wrong and where (never a secret)
     */
    public static AclRules parse(String yamlText) {
        Object root;
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            opts.setMaxAliasesForCollections(10);
            opts.setNestingDepthLimit(20);
            root = new Yaml(new SafeConstructor(opts)).load(yamlText);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return new AclRules(List.of());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("the ACL file must be a mapping with an 'accounts' list");
        }
        for (Object k : top.keySet()) {
            String key = String.valueOf(k);
            if (key.equals("globalWhiteRemoteAddresses")) {
                Object v = top.get(k);
                if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                    throw new IllegalArgumentException("globalWhiteRemoteAddresses is not supported: FerryMQ lets no "
                            + "unsigned request through by address; give each account a whiteRemoteAddress instead");
                }
            } else if (!key.equals("accounts")) {
                throw new IllegalArgumentException("unknown top-level key '" + key + "' (expected 'accounts')");
            }
        }
        Object list = top.get("accounts");
        if (list == null) {
            return new AclRules(List.of());
        }
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException("'accounts' must be a list");
        }
        List<AclAccount> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(account(items.get(i), i + 1));
        }
        return new AclRules(out);
    }

    private static AclAccount account(Object item, int index) {
        if (!(item instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("account #" + index + " must be a mapping");
        }
        String ak = m.get("accessKey") == null ? null : String.valueOf(m.get("accessKey")).trim();
        String where = "account #" + index + (ak == null ? "" : " ('" + ak + "')");
        for (Object k : m.keySet()) {
            if (!ACCOUNT_KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known keys: "
                        + ACCOUNT_KEYS);
            }
        }
        if (ak == null || ak.isEmpty()) {
            throw new IllegalArgumentException(where + ": accessKey is missing");
        }
        if (!ak.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException(where + ": accessKey may only contain letters, digits and _ . @ - "
                    + "(1 to 64 characters)");
        }
        Object sk = m.get("secretKey");
        if (sk == null || String.valueOf(sk).length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(where + ": secretKey is missing or shorter than " + MIN_SECRET_LENGTH
                    + " characters");
        }
        if (String.valueOf(sk).startsWith(PLACEHOLDER_PREFIX)) {
            throw new IllegalArgumentException(where + ": secretKey is still the template's placeholder; set a secret "
                    + "of your own (ferry-admin updateAclAccount -a " + ak + ", see docs/security.md)");
        }
        try {
            boolean admin = bool(m.get("admin"), "admin");
            Perm dflt = admin ? Perm.PUB_SUB : Perm.DENY;
            return new AclAccount(ak, String.valueOf(sk), admin, bool(m.get("disabled"), "disabled"),
                    AddressPattern.parse(m.get("whiteRemoteAddress") == null ? null
                            : String.valueOf(m.get("whiteRemoteAddress"))),
                    m.get("defaultTopicPerm") == null ? dflt : Perm.parse(String.valueOf(m.get("defaultTopicPerm"))),
                    m.get("defaultGroupPerm") == null ? dflt : Perm.parse(String.valueOf(m.get("defaultGroupPerm"))),
                    grants(m.get("topicPerms"), "topicPerms"), grants(m.get("groupPerms"), "groupPerms"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(Object v, String key) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String t = String.valueOf(v).trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new IllegalArgumentException(key + " must be true or false, not '" + t + "'");
    }

    private static List<AclAccount.Grant> grants(Object v, String key) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(key + " must be a list of name=PERM entries");
        }
        List<AclAccount.Grant> out = new ArrayList<>();
        for (Object o : l) {
            out.add(AclAccount.Grant.parse(String.valueOf(o)));
        }
        return out;
    }

    /** The rules as ACL YAML text (secrets included: this is the file itself). */
    public String toYaml() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (AclAccount a : accounts.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accessKey", a.accessKey());
            m.put("secretKey", a.secretKey());
            m.put("admin", a.admin());
            if (a.disabled()) {
                m.put("disabled", true);
            }
            if (!a.whiteRemoteAddress().allowsAll()) {
                m.put("whiteRemoteAddress", a.whiteRemoteAddress().toString());
            }
            m.put("defaultTopicPerm", a.defaultTopicPerm().text());
            m.put("defaultGroupPerm", a.defaultGroupPerm().text());
            m.put("topicPerms", a.topicPerms().stream().map(AclAccount.Grant::text).toList());
            m.put("groupPerms", a.groupPerms().stream().map(AclAccount.Grant::text).toList());
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("accounts", list);
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new Representer(d), d).dump(root);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
