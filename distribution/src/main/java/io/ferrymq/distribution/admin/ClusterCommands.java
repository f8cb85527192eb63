package io.ferrymq.distribution.admin;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** clusterList, brokerStatus, waitCluster. */
final class ClusterCommands {
    private ClusterCommands() {
    }

    @Command(name = "clusterList", mixinStandardHelpOptions = true,
            description = "List clusters, broker groups and their brokers with role, address and throughput.")
    static final class ClusterList extends AdminCommand {
        @Option(names = {"-c", "--cluster"}, description = "Only this cluster.")
        String cluster;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                ClusterView view = admin.clusterInfo();
                Table t = new Table("#Cluster", "#Broker", "#BID", "#Role", "#Addr", "#Version", "#InTPS", "#OutTPS");
                List<Map<String, Object>> json = new ArrayList<>();
                for (Map.Entry<String, java.util.Set<String>> c : new TreeMap<>(view.clusters()).entrySet()) {
                    if (cluster != null && !cluster.equals(c.getKey())) {
                        continue;
                    }
                    for (String name : new java.util.TreeSet<>(c.getValue())) {
                        BrokerGroup g = view.brokers().get(name);
                        if (g == null) {
                            continue;
                        }
                        for (Map.Entry<Long, String> b : new TreeMap<>(g.addresses()).entrySet()) {
                            Map<String, String> info = runtime(admin, b.getValue());
                            String role = b.getKey() == 0 ? "MASTER" : "SLAVE";
                            t.row(c.getKey(), name, b.getKey(), role, b.getValue(),
                                    info.getOrDefault("brokerVersionDesc", "?"),
                                    firstToken(info.get("putTps")), firstToken(info.get("getTransferredTps")));
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("cluster", c.getKey());
                            row.put("brokerName", name);
                            row.put("brokerId", b.getKey());
                            row.put("role", role);
                            row.put("address", b.getValue());
                            row.put("runtime", info);
                            json.add(row);
                        }
                    }
                }
                if (cluster != null && json.isEmpty()) {
                    throw new IllegalArgumentException("cluster '" + cluster + "' has no registered broker");
                }
                print(json, t);
                return 0;
            }
        }
    }

    static Map<String, String> runtime(AdminClient admin, String addr) {
        try {
            return admin.brokerRuntimeInfo(addr);
        } catch (RuntimeException e) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("error", e.getMessage());
            return m;
        }
    }

    static String firstToken(String v) {
        if (v == null || v.isBlank()) {
            return "?";
        }
        String s = v.trim().split("\\s+")[0];
        try {
            return String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }

    @Command(name = "brokerStatus", mixinStandardHelpOptions = true,
            description = "Print a broker's runtime figures (GET_BROKER_RUNTIME_INFO).")
    static final class BrokerStatus extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, required = true, description = "Broker address ip:port.")
        String brokerAddr;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                Map<String, String> info = new TreeMap<>(admin.brokerRuntimeInfo(brokerAddr));
                Table t = new Table("#Key", "#Value");
                info.forEach(t::row);
                print(info, t);
                return 0;
            }
        }
    }

    @Command(name = "waitCluster", mixinStandardHelpOptions = true,
            description = "Wait until the name servers list the given number of broker groups, each with the given "
                    + "number of brokers; exit 1 on timeout.")
    static final class WaitCluster extends AdminCommand {
        @Option(names = "--groups", defaultValue = "1", description = "Broker groups to wait for (default: ${DEFAULT-VALUE}).")
        int groups;

        @Option(names = "--replicas", defaultValue = "1",
                description = "Brokers per group, master included (default: ${DEFAULT-VALUE}).")
        int replicas;

        @Option(names = "--timeout-seconds", defaultValue = "60", description = "How long to wait (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            String last = "no answer yet";
            // Every name server must list the cluster: clients may use any of them.
            List<String> servers = List.of(common.namesrv().split(";"));
            {
                while (System.nanoTime() < deadline) {
                    boolean allReady = true;
                    for (String ns : servers) {
                        try (AdminClient one = new AdminClient(common.secured(new io.ferrymq.client.admin.AdminConfig()
                                .nameServers(ns.trim()).rpcTimeoutMillis(common.timeoutMillis)
                                .instanceName("ferry-admin-wait-" + ProcessHandle.current().pid()))).start()) {
                            ClusterView v = one.clusterInfo();
                            long ready = v.brokers().values().stream()
                                    .filter(g -> g.addresses().containsKey(0L) && g.addresses().size() >= replicas)
                                    .count();
                            if (ready < groups) {
                                allReady = false;
                                last = ns + " lists " + ready + " complete group(s) of " + groups;
                            }
                        } catch (RuntimeException e) {
                            allReady = false;
                            last = ns + ": " + e.getMessage();
                        }
                    }
                    if (allReady) {
                        out().println("cluster ready: " + groups + " broker group(s) with " + replicas
                                + " broker(s) each on " + servers.size() + " name server(s)");
                        out().flush();
                        return 0;
                    }
                    Thread.sleep(500);
                }
            }
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting for the cluster: " + last);
        }
    }
}
