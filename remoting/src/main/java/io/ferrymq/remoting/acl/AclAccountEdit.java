package io.ferrymq.remoting.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * A change to one account as an admin tool states it (ferry-admin {@code updateAclAccount}, the official tool's
 * UPDATE_AND_CREATE_ACL_CONFIG): every field but the access key may be absent (null), meaning "as the account has
 * it" (or the default for a new account); lists are RocketMQ's comma-separated {@code name=PERM} form and replace
 * the account's list when given. Immutable; {@link #toString()} never shows the secret.
 */
public record AclAccountEdit(String accessKey, String secretKey, Boolean admin, String whiteRemoteAddress,
                             String defaultTopicPerm, String defaultGroupPerm, String topicPerms,
                             String groupPerms) {

    /**
     * The rules with this edit applied, checked as a server checks its file.
     *
     * @throws IllegalArgumentException naming what is wrong (a new account without a secret, a bad permission or
     *                                  address pattern, a secret shorter than 6 characters...), never the secret
     */
    public AclRules applyTo(AclRules rules) {
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("an ACL account needs an accessKey");
        }
        AclAccount old = rules.account(accessKey);
        if (blank(secretKey) && old == null) {
            throw new IllegalArgumentException("account '" + accessKey + "' is new: give its secret key");
        }
        boolean isAdmin = admin != null ? admin : old != null && old.admin();
        Perm dflt = isAdmin ? Perm.PUB_SUB : Perm.DENY;
        AclAccount account = new AclAccount(accessKey, !blank(secretKey) ? secretKey : old.secretKey(), isAdmin,
                old != null && old.disabled(),
                !blank(whiteRemoteAddress) ? AddressPattern.parse(whiteRemoteAddress)
                        : old != null ? old.whiteRemoteAddress() : AddressPattern.ANY,
                !blank(defaultTopicPerm) ? Perm.parse(defaultTopicPerm) : old != null ? old.defaultTopicPerm() : dflt,
                !blank(defaultGroupPerm) ? Perm.parse(defaultGroupPerm) : old != null ? old.defaultGroupPerm() : dflt,
                !blank(topicPerms) ? grants(topicPerms) : old != null ? old.topicPerms() : List.of(),
                !blank(groupPerms) ? grants(groupPerms) : old != null ? old.groupPerms() : List.of());
        // the whole file as the servers will read it: every rule of the parser applies
        return AclRules.parse(rules.with(account).toYaml());
    }

    /** Comma-separated {@code name=PERM} entries. */
    public static List<AclAccount.Grant> grants(String list) {
        List<AclAccount.Grant> out = new ArrayList<>();
        for (String g : list.split(",")) {
            if (!g.isBlank()) {
                out.add(AclAccount.Grant.parse(g.trim()));
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "AclAccountEdit{accessKey=" + accessKey + (secretKey == null ? "" : ", secretKey=***") + ", admin="
                + admin + ", whiteRemoteAddress=" + whiteRemoteAddress + ", defaultTopicPerm=" + defaultTopicPerm
                + ", defaultGroupPerm=" + defaultGroupPerm + ", topicPerms=" + topicPerms + ", groupPerms="
                + groupPerms + '}';
    }
}
