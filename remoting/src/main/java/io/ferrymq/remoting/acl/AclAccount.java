package io.ferrymq.remoting.acl;

import java.util.List;

/**
 * One ACL account: its keys, whether it is an admin, where it may connect from, and its permissions on topics and
 * consumer groups. A resource listed by exact name wins over a pattern; among patterns the first listed that
 * matches wins; an unlisted resource gets the account's default (when the file gives none: DENY, or PUB|SUB for an admin).
 * Only admin accounts may use admin request codes; a disabled account's requests are all refused. Immutable;
 * {@link #toString()} never shows the secret.
 */
public record AclAccount(String accessKey, String secretKey, boolean admin, boolean disabled,
                         AddressPattern whiteRemoteAddress,
                         Perm defaultTopicPerm, Perm defaultGroupPerm, List<Grant> topicPerms,
                         List<Grant> groupPerms) {

    /** A permission on the resources a name or pattern selects. */
    public record Grant(NamePattern resource, Perm perm) {
        /** Parses RocketMQ's {@code name=PERM} form. */
        public static Grant parse(String text) {
            int eq = text == null ? -1 : text.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("permission entry '" + text + "' is not of the form name=PERM");
            }
            return new Grant(NamePattern.parse(text.substring(0, eq)), Perm.parse(text.substring(eq + 1)));
        }

        public String text() {
            return resource + "=" + perm.text();
        }
    }

    public AclAccount {
        topicPerms = List.copyOf(topicPerms);
        groupPerms = List.copyOf(groupPerms);
    }

    public Perm topicPerm(String topic) {
        return lookup(topicPerms, defaultTopicPerm, topic);
    }

    public Perm groupPerm(String group) {
        return lookup(groupPerms, defaultGroupPerm, group);
    }

    private static Perm lookup(List<Grant> grants, Perm dflt, String name) {
        for (Grant g : grants) {
            if (g.resource().isExact() && g.resource().matches(name)) {
                return g.perm();
            }
        }
        for (Grant g : grants) {
            if (!g.resource().isExact() && g.resource().matches(name)) {
                return g.perm();
            }
        }
        return dflt;
    }

    @Override
    public String toString() {
        return "AclAccount{accessKey=" + accessKey + ", secretKey=***, admin=" + admin + ", whiteRemoteAddress="
                + whiteRemoteAddress + ", defaultTopicPerm=" + defaultTopicPerm + ", defaultGroupPerm="
                + defaultGroupPerm + ", topicPerms=" + topicPerms + ", groupPerms=" + groupPerms + '}';
    }
}
