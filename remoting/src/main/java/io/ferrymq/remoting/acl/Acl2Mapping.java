package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.protocol.body.AclInfo;
import io.ferrymq.remoting.protocol.body.UserInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RocketMQ 5's ACL 2.0 users and ACLs mapped onto FerryMQ's ACL 1.0 accounts (one source of truth: the accounts
 * file). A user is an account (username = access key, password = secret key, Super = admin, disable = signatures
 * refused); an ACL entry on {@code Topic:x} / {@code Group:y} is the account's permission on that name or pattern,
 * {@code Topic:*} / {@code Group:*} its default, a Deny decision DENY, the entries' source IPs its address allow-list.
 * What the accounts cannot hold faithfully is refused with an {@link IllegalArgumentException} naming the part, never
 * dropped. Every result is re-parsed as a server parses its file, so the file's own rules apply. Stateless.
 */
public final class Acl2Mapping {
    public static final String SUBJECT_PREFIX = "User:";
    private static final String TOPIC = "Topic:";
    private static final String GROUP = "Group:";

    private Acl2Mapping() {
    }

    // ------------------------------------------------------------------------------------------------ users

    /** The account as an ACL 2.0 user; the password is the secret key (as RocketMQ 5.3.3 answers it). */
    public static UserInfo user(AclAccount a) {
        return new UserInfo(a.accessKey(), a.secretKey(), a.admin() ? "Super" : "Normal",
                a.disabled() ? "disable" : "enable");
    }

    /** AUTH_CREATE_USER: a new account with no permissions (admin accounts: PUB|SUB by default). */
    public static AclRules createUser(AclRules rules, UserInfo u) {
        String name = username(u);
        if (rules.account(name) != null) {
            throw new IllegalArgumentException("user '" + name + "' already exists; change it with updateUser");
        }
        if (blank(u.password())) {
            throw new IllegalArgumentException("user '" + name + "' needs a password (it becomes the account's "
                    + "secret key)");
        }
        boolean admin = superUser(u.userType(), false);
        Perm dflt = admin ? Perm.PUB_SUB : Perm.DENY;
        return checked(rules.with(new AclAccount(name, u.password(), admin, disabled(u.userStatus(), false),
                AddressPattern.ANY, dflt, dflt, List.of(), List.of())));
    }

    /** AUTH_UPDATE_USER: the fields given replace the account's; absent ones keep their value. */
    public static AclRules updateUser(AclRules rules, UserInfo u) {
        AclAccount a = existing(rules, username(u));
        return checked(rules.with(new AclAccount(a.accessKey(), blank(u.password()) ? a.secretKey() : u.password(),
                superUser(u.userType(), a.admin()), disabled(u.userStatus(), a.disabled()), a.whiteRemoteAddress(),
                a.defaultTopicPerm(), a.defaultGroupPerm(), a.topicPerms(), a.groupPerms())));
    }

    /** AUTH_DELETE_USER. */
    public static AclRules deleteUser(AclRules rules, String username) {
        existing(rules, username);
        return checked(rules.without(username));
    }

    private static boolean superUser(String userType, boolean unchanged) {
        if (blank(userType)) {
            return unchanged;
        }
        return switch (userType.trim().toUpperCase(Locale.ROOT)) {
            case "SUPER" -> true;
            case "NORMAL" -> false;
            default -> throw new IllegalArgumentException("userType '" + userType + "' is not Super or Normal");
        };
    }

    private static boolean disabled(String userStatus, boolean unchanged) {
        if (blank(userStatus)) {
            return unchanged;
        }
        return switch (userStatus.trim().toUpperCase(Locale.ROOT)) {
            case "ENABLE" -> false;
            case "DISABLE" -> true;
            default -> throw new IllegalArgumentException("userStatus '" + userStatus + "' is not enable or disable");
        };
    }

    // ------------------------------------------------------------------------------------------------- ACLs

    /**
     * The account's permissions as one Custom policy: its grants in file order (topics, then groups), then its
     * defaults as {@code Topic:*} and {@code Group:*}; its address allow-list as every Allow entry's source IPs.
     */
    public static AclInfo acl(AclAccount a) {
        List<String> ips = a.whiteRemoteAddress().allowsAll() ? List.of()
                : Arrays.stream(a.whiteRemoteAddress().toString().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        List<AclInfo.PolicyEntryInfo> entries = new ArrayList<>();
        a.topicPerms().forEach(g -> entries.add(entry(TOPIC + g.resource(), g.perm(), false, ips)));
        a.groupPerms().forEach(g -> entries.add(entry(GROUP + g.resource(), g.perm(), true, ips)));
        entries.add(entry(TOPIC + "*", a.defaultTopicPerm(), false, ips));
        entries.add(entry(GROUP + "*", a.defaultGroupPerm(), true, ips));
        return new AclInfo(SUBJECT_PREFIX + a.accessKey(), List.of(new AclInfo.PolicyInfo("Custom", entries)));
    }

    private static AclInfo.PolicyEntryInfo entry(String resource, Perm perm, boolean group, List<String> ips) {
        if (perm == Perm.DENY) {
            return new AclInfo.PolicyEntryInfo(resource, group ? List.of("Sub") : List.of("Pub", "Sub"), List.of(),
                    "Deny");
        }
        List<String> actions = switch (perm) {
            case PUB -> List.of("Pub");
            case SUB -> List.of("Sub");
            default -> List.of("Pub", "Sub");
        };
        return new AclInfo.PolicyEntryInfo(resource, actions, ips, "Allow");
    }

    /** The user named by an ACL 2.0 subject ({@code User:<name>}). */
    public static String username(String subject) {
        if (subject == null || !subject.startsWith(SUBJECT_PREFIX) || subject.length() == SUBJECT_PREFIX.length()) {
            throw new IllegalArgumentException("subject '" + subject + "' is not of the form User:<name> (FerryMQ "
                    + "accounts are users; other subject types cannot be represented)");
        }
        return subject.substring(SUBJECT_PREFIX.length());
    }

    /**
     * AUTH_CREATE_ACL / AUTH_UPDATE_ACL: each entry sets the account's permission on its resource (replacing the
     * one it had); entries not named keep theirs. The user must exist.
     */
    public static AclRules putAcl(AclRules rules, AclInfo info) {
        AclAccount a = existing(rules, username(info.subject()));
        if (info.policies() == null || info.policies().isEmpty()) {
            throw new IllegalArgumentException("ACL of " + info.subject() + " has no policies");
        }
        Map<String, Perm> topics = grants(a.topicPerms());
        Map<String, Perm> groups = grants(a.groupPerms());
        Perm defaultTopic = a.defaultTopicPerm();
        Perm defaultGroup = a.defaultGroupPerm();
        String ips = null;
        Set<String> seen = new LinkedHashSet<>();
        for (AclInfo.PolicyInfo p : info.policies()) {
            if (p.policyType() != null && !p.policyType().equalsIgnoreCase("Custom")) {
                throw new IllegalArgumentException("policyType '" + p.policyType() + "' cannot be represented: "
                        + "FerryMQ accounts hold Custom policies only");
            }
            for (AclInfo.PolicyEntryInfo e : p.entries() == null ? List.<AclInfo.PolicyEntryInfo>of() : p.entries()) {
                String resource = e.resource() == null ? "" : e.resource().trim();
                if (!seen.add(resource)) {
                    throw new IllegalArgumentException("resource '" + resource + "' is given twice");
                }
                boolean group = isGroup(resource);
                String name = resource.substring(group ? GROUP.length() : TOPIC.length()).trim();
                Perm perm = perm(resource, group, e.actions(), e.decision());
                String entryIps = e.sourceIps() == null ? "" : String.join(",", e.sourceIps().stream()
                        .map(String::trim).filter(s -> !s.isEmpty()).toList());
                if (!entryIps.isEmpty()) {
                    if (perm == Perm.DENY) {
                        throw new IllegalArgumentException("sourceIps on the Deny entry for " + resource + " cannot be "
                                + "represented: an account has one allow-list of addresses for all its requests");
                    }
                    if (ips != null && !ips.equals(entryIps)) {
                        throw new IllegalArgumentException("entries give different sourceIps (" + ips + " and "
                                + entryIps + " on " + resource + "): an account has one allow-list for all its requests");
                    }
                    ips = entryIps;
                }
                if (name.equals("*")) {
                    if (group) {
                        defaultGroup = perm;
                    } else {
                        defaultTopic = perm;
                    }
                } else {
                    (group ? groups : topics).put(NamePattern.parse(name).toString(), perm);
                }
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("ACL of " + info.subject() + " has no entries");
        }
        return checked(rules.with(new AclAccount(a.accessKey(), a.secretKey(), a.admin(), a.disabled(),
                ips == null ? a.whiteRemoteAddress() : AddressPattern.parse(ips), defaultTopic, defaultGroup,
                toGrants(topics), toGrants(groups))));
    }

    /**
     * AUTH_DELETE_ACL: without a resource every grant goes and the defaults return to the account's (DENY, PUB|SUB for
     * an admin); with one, that grant goes ({@code Topic:*} / {@code Group:*}: the default returns). The address
     * allow-list stays (it guards the account, not a resource).
     */
    public static AclRules deleteAcl(AclRules rules, String subject, String resource) {
        AclAccount a = existing(rules, username(subject));
        Perm dflt = a.admin() ? Perm.PUB_SUB : Perm.DENY;
        if (blank(resource)) {
            return checked(rules.with(new AclAccount(a.accessKey(), a.secretKey(), a.admin(), a.disabled(),
                    a.whiteRemoteAddress(), dflt, dflt, List.of(), List.of())));
        }
        String r = resource.trim();
        boolean group = isGroup(r);
        String name = r.substring(group ? GROUP.length() : TOPIC.length()).trim();
        Map<String, Perm> topics = grants(a.topicPerms());
        Map<String, Perm> groups = grants(a.groupPerms());
        Perm defaultTopic = a.defaultTopicPerm();
        Perm defaultGroup = a.defaultGroupPerm();
        if (name.equals("*")) {
            defaultTopic = group ? defaultTopic : dflt;
            defaultGroup = group ? dflt : defaultGroup;
        } else if ((group ? groups : topics).remove(name) == null) {
            throw new IllegalArgumentException(subject + " has no entry for " + r);
        }
        return checked(rules.with(new AclAccount(a.accessKey(), a.secretKey(), a.admin(), a.disabled(),
                a.whiteRemoteAddress(), defaultTopic, defaultGroup, toGrants(topics), toGrants(groups))));
    }

    /** AUTH_LIST_ACL: accounts whose subject contains {@code subjectFilter}, entries whose resource contains
     * {@code resourceFilter} (null or blank: all); accounts left with no entry are left out. */
    public static List<AclInfo> listAcls(AclRules rules, String subjectFilter, String resourceFilter) {
        List<AclInfo> out = new ArrayList<>();
        for (AclAccount a : rules.accounts()) {
            AclInfo info = acl(a);
            if (!blank(subjectFilter) && !info.subject().contains(subjectFilter.trim())) {
                continue;
            }
            List<AclInfo.PolicyEntryInfo> entries = info.policies().get(0).entries().stream()
                    .filter(e -> blank(resourceFilter) || e.resource().contains(resourceFilter.trim())).toList();
            if (!entries.isEmpty()) {
                out.add(new AclInfo(info.subject(), List.of(new AclInfo.PolicyInfo("Custom", entries))));
            }
        }
        return out;
    }

    private static boolean isGroup(String resource) {
        if (resource.startsWith(GROUP)) {
            return true;
        }
        if (resource.startsWith(TOPIC) && resource.length() > TOPIC.length()) {
            return false;
        }
        throw new IllegalArgumentException("resource '" + resource + "' cannot be represented: FerryMQ accounts hold "
                + "permissions on Topic:<name> and Group:<name> (a name, a '*' pattern, or '*' for the default) only");
    }

    private static Perm perm(String resource, boolean group, List<String> actions, String decision) {
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("the entry for " + resource + " has no actions");
        }
        boolean pub = false;
        boolean sub = false;
        for (String action : actions) {
            switch (action == null ? "" : action.trim().toUpperCase(Locale.ROOT)) {
                case "ALL", "ANY" -> {
                    pub = !group;
                    sub = true;
                }
                case "PUB" -> {
                    if (group) {
                        throw new IllegalArgumentException("action Pub on " + resource + " cannot be represented: "
                                + "consumer groups take Sub only");
                    }
                    pub = true;
                }
                case "SUB" -> sub = true;
                default -> throw new IllegalArgumentException("action '" + action + "' on " + resource + " cannot be "
                        + "represented: FerryMQ accounts grant Pub and Sub per resource; administrative requests "
                        + "(Create, Update, Delete, Get, List) need an admin account (userType Super)");
            }
        }
        String d = decision == null ? "" : decision.trim().toUpperCase(Locale.ROOT);
        if (d.equals("DENY")) {
            if (!sub || (!group && !pub)) {
                throw new IllegalArgumentException("Deny of " + String.join(",", actions) + " on " + resource
                        + " cannot be represented: FerryMQ's DENY refuses " + (group ? "Sub" : "both Pub and Sub")
                        + "; deny " + (group ? "Sub" : "Pub,Sub") + " (or All), or Allow only what stays allowed");
            }
            return Perm.DENY;
        }
        if (!d.equals("ALLOW")) {
            throw new IllegalArgumentException("decision '" + decision + "' on " + resource + " is not Allow or Deny");
        }
        return pub && sub ? Perm.PUB_SUB : pub ? Perm.PUB : Perm.SUB;
    }

    private static Map<String, Perm> grants(List<AclAccount.Grant> list) {
        Map<String, Perm> m = new LinkedHashMap<>();
        list.forEach(g -> m.put(g.resource().toString(), g.perm()));
        return m;
    }

    private static List<AclAccount.Grant> toGrants(Map<String, Perm> m) {
        List<AclAccount.Grant> out = new ArrayList<>();
        m.forEach((name, perm) -> out.add(new AclAccount.Grant(NamePattern.parse(name), perm)));
        return out;
    }

    private static AclAccount existing(AclRules rules, String username) {
        AclAccount a = rules.account(username);
        if (a == null) {
            throw new IllegalArgumentException("there is no user '" + username + "'");
        }
        return a;
    }

    private static String username(UserInfo u) {
        if (u == null || blank(u.username())) {
            throw new IllegalArgumentException("the username is blank");
        }
        return u.username().trim();
    }

    /** The whole file as the servers will read it: every rule of the parser applies. */
    private static AclRules checked(AclRules next) {
        return AclRules.parse(next.toYaml());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
