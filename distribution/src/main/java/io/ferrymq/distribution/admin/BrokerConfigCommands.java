package io.ferrymq.distribution.admin;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerGroup;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** getBrokerConfig, updateBrokerConfig. */
final class BrokerConfigCommands {
    private BrokerConfigCommands() {
    }

    static final class Target {
        @Option(names = {"-b", "--brokerAddr"}, required = true, description = "One broker, ip:port.")
        String broker;

        @Option(names = {"-c", "--cluster"}, required = true, description = "Every broker of this cluster.")
        String cluster;
    }

    static List<String> addresses(AdminClient admin, Target target) {
        if (target.broker != null) {
            return List.of(target.broker);
        }
        List<String> out = new ArrayList<>();
        for (BrokerGroup g : admin.brokersOf(target.cluster)) {
            out.addAll(new TreeMap<>(g.addresses()).values());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("cluster '" + target.cluster + "' has no registered broker");
        }
        return out;
    }

    @Command(name = "getBrokerConfig", mixinStandardHelpOptions = true, description = "Print a broker's configuration.")
    static final class Get extends AdminCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin(); BrokerDirectCalls direct = common.direct()) {
                Map<String, Map<String, String>> all = new TreeMap<>();
                for (String addr : addresses(admin, target)) {
                    all.put(addr, direct.brokerConfig(addr));
                }
                Table t = new Table("#Broker", "#Key", "#Value");
                all.forEach((addr, cfg) -> cfg.forEach((k, v) -> t.row(addr, k, v)));
                print(all, t);
                return 0;
            }
        }
    }

    @Command(name = "updateBrokerConfig", mixinStandardHelpOptions = true,
            description = "Change one configuration key on a broker or on every broker of a cluster, at run time.")
    static final class Update extends AdminCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = {"-k", "--key"}, required = true, description = "Configuration key, e.g. autoCreateTopicEnable.")
        String key;

        @Option(names = {"-v", "--value"}, required = true, description = "New value.")
        String value;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin(); BrokerDirectCalls direct = common.direct()) {
                for (String addr : addresses(admin, target)) {
                    direct.updateBrokerConfig(addr, Map.of(key, value));
                    out().println("broker " + addr + ": " + key + " = " + value);
                }
                out().flush();
                return 0;
            }
        }
    }
}
