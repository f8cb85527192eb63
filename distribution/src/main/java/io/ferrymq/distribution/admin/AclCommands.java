package io.ferrymq.distribution.admin;

import io.ferrymq.remoting.acl.AclAccount;
import io.ferrymq.remoting.acl.AclAccountEdit;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.AclRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * updateAclAccount, deleteAclAccount, listAclAccounts: edit the ACL file of a name server or broker host. The file
 * is replaced atomically and the running servers reload it within a second or two (no restart). Secrets are never
 * printed.
 */
final class AclCommands {
    private AclCommands() {
    }

    static final class FileOption {
        @Option(names = {"-f", "--aclFile"}, paramLabel = "FILE",
                description = "The ACL file (default: $FERRYMQ_HOME/conf/plain_acl.yml).")
        Path file;

        Path path() {
            if (file != null) {
                return file;
            }
            String home = System.getProperty("ferrymq.home", System.getenv().getOrDefault("FERRYMQ_HOME", "."));
            return Path.of(home, "conf", "plain_acl.yml");
        }

        AclRules read() throws IOException {
            Path p = path();
            if (!Files.exists(p)) {
                return new AclRules(List.of());
            }
            try {
                return AclRules.parse(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "updateAclAccount", mixinStandardHelpOptions = true,
            description = "Create an ACL account or change one (options not given keep their current value).")
    static final class Update extends AdminCommand {
        @picocli.CommandLine.Mixin
        FileOption file;

        @Option(names = {"-a", "--account"}, required = true, paramLabel = "AK", description = "Access key.")
        String accessKey;

        @Option(names = {"-s", "--secret"}, paramLabel = "SK",
                description = "Secret key (at least 6 characters; default: $FERRYMQ_NEW_SECRET_KEY; required for a "
                        + "new account).")
        String secret;

        @Option(names = {"-m", "--admin"}, arity = "1", paramLabel = "true|false", description = "Admin account.")
        Boolean admin;

        @Option(names = {"-w", "--whiteRemoteAddress"}, paramLabel = "PATTERNS",
                description = "Client addresses allowed, e.g. '10.0.0.0/8, 192.168.1.*' ('*' = anywhere).")
        String white;

        @Option(names = {"-i", "--defaultTopicPerm"}, paramLabel = "PERM", description = "DENY, PUB, SUB or PUB|SUB.")
        String defaultTopicPerm;

        @Option(names = {"-u", "--defaultGroupPerm"}, paramLabel = "PERM", description = "DENY, PUB, SUB or PUB|SUB.")
        String defaultGroupPerm;

        @Option(names = {"-t", "--topicPerms"}, paramLabel = "LIST",
                description = "Topic permissions, comma-separated name=PERM ('*' patterns allowed); replaces the list.")
        String topicPerms;

        @Option(names = {"-g", "--groupPerms"}, paramLabel = "LIST",
                description = "Group permissions, comma-separated name=PERM; replaces the list.")
        String groupPerms;

        @Override
        public Integer call() throws IOException {
            AclRules rules = file.read();
            AclAccount old = rules.account(accessKey);
            String sk = secret != null ? secret : System.getenv("FERRYMQ_NEW_SECRET_KEY");
            AclRules next = new AclAccountEdit(accessKey, sk, admin, white, defaultTopicPerm, defaultGroupPerm,
                    topicPerms, groupPerms).applyTo(rules);
            AclFile.write(file.path(), next);
            out().println((old == null ? "created" : "updated") + " ACL account " + accessKey + " in " + file.path());
            out().flush();
            return 0;
        }
    }

    @Command(name = "deleteAclAccount", mixinStandardHelpOptions = true, description = "Remove an ACL account.")
    static final class Delete extends AdminCommand {
        @picocli.CommandLine.Mixin
        FileOption file;

        @Option(names = {"-a", "--account"}, required = true, paramLabel = "AK", description = "Access key.")
        String accessKey;

        @Override
        public Integer call() throws IOException {
            AclRules rules = file.read();
            if (rules.account(accessKey) == null) {
                throw new IllegalArgumentException("no ACL account '" + accessKey + "' in " + file.path());
            }
            AclFile.write(file.path(), rules.without(accessKey));
            out().println("deleted ACL account " + accessKey + " from " + file.path());
            out().flush();
            return 0;
        }
    }

    @Command(name = "listAclAccounts", mixinStandardHelpOptions = true,
            description = "List the ACL accounts of a file (secrets are not shown).")
    static final class ListAccounts extends AdminCommand {
        @picocli.CommandLine.Mixin
        FileOption file;

        @Override
        public Integer call() throws IOException {
            AclRules rules = file.read();
            Table t = new Table("#AccessKey", "#Admin", "#WhiteRemoteAddress", "#DefaultTopicPerm",
                    "#DefaultGroupPerm", "#TopicPerms", "#GroupPerms");
            List<Map<String, Object>> json = new ArrayList<>();
            for (AclAccount a : rules.accounts()) {
                String topics = String.join(",", a.topicPerms().stream().map(AclAccount.Grant::text).toList());
                String groups = String.join(",", a.groupPerms().stream().map(AclAccount.Grant::text).toList());
                t.row(a.accessKey(), Boolean.toString(a.admin()), a.whiteRemoteAddress().toString(),
                        a.defaultTopicPerm().text(), a.defaultGroupPerm().text(), topics, groups);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("accessKey", a.accessKey());
                m.put("admin", a.admin());
                m.put("whiteRemoteAddress", a.whiteRemoteAddress().toString());
                m.put("defaultTopicPerm", a.defaultTopicPerm().text());
                m.put("defaultGroupPerm", a.defaultGroupPerm().text());
                m.put("topicPerms", a.topicPerms().stream().map(AclAccount.Grant::text).toList());
                m.put("groupPerms", a.groupPerms().stream().map(AclAccount.Grant::text).toList());
                json.add(m);
            }
            print(json, t);
            return 0;
        }
    }
}
