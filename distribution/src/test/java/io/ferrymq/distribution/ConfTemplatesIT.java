package io.ferrymq.distribution;

import io.ferrymq.broker.BrokerMain;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.nameserver.NameServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every configuration template shipped in conf/ is accepted by the servers' own parsers, as shipped. */
class ConfTemplatesIT {
    private final Path conf = Path.of(System.getProperty("ferrymq.dist.dir", "target/ferrymq"), "conf");

    @Test
    void everyShippedTemplateParses() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(conf)) {
            files = s.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
        }
        assertEquals(11, files.size(), "namesrv (plain and ACL) + single + 2 x 4 broker templates: " + files);
        int brokers = 0;
        for (Path f : files) {
            if (f.getFileName().toString().startsWith("namesrv")) {
                assertEquals(9876, NameServerConfig.load(f).listenPort(), f.toString());
                assertEquals(9880, NameServerConfig.load(f).metricsPort(), "metrics on in " + f);
                continue;
            }
            BrokerConfig c = BrokerMain.parse(new String[]{"-c", f.toString()});
            brokers++;
            String dir = f.getParent().getFileName().toString();
            boolean slave = f.getFileName().toString().endsWith("-1.properties");
            assertEquals(slave ? BrokerRole.SLAVE : dir.equals("2m-2s-sync") ? BrokerRole.SYNC_MASTER
                    : BrokerRole.ASYNC_MASTER, c.brokerRole(), f.toString());
            assertEquals(slave ? 1 : 0, c.brokerId(), f.toString());
            assertFalse(c.namesrvAddrList().isEmpty(), f.toString());
            assertEquals(dir.startsWith("2m-2s"), c.aclEnable(), "the production templates turn ACL on: " + f);
            assertEquals(10913, c.metricsPort(), "metrics on in " + f);
        }
        assertEquals(9, brokers);
    }

    @Test
    void theConsoleTemplateParses() throws Exception {
        io.ferrymq.console.ConsoleConfig c = io.ferrymq.console.ConsoleConfig.load(conf.resolve("console.conf"));
        assertEquals(8480, c.listenPort());
        assertEquals("127.0.0.1:9876;127.0.0.1:9877", c.nameServerSets().get("local"));
        assertTrue(c.users().isEmpty(), "no user in the template: the first start creates admin");
    }

    @Test
    void theShippedAclFileParsesOnlyOnceItsPlaceholderSecretsAreReplaced() throws Exception {
        String shipped = Files.readString(conf.resolve("plain_acl.yml"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.ferrymq.remoting.acl.AclRules.parse(shipped));
        assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
        io.ferrymq.remoting.acl.AclRules rules = io.ferrymq.remoting.acl.AclRules.parse(
                shipped.replace("CHANGE-ME-admin-secret", "s3cret-admin").replace("CHANGE-ME-broker-secret", "s3cret-b"));
        assertTrue(rules.account("ferry-admin").admin());
        assertTrue(rules.account("ferry-broker").admin());
        assertTrue(NameServerConfig.load(conf.resolve("namesrv-acl.properties")).aclEnable());
    }

    @Test
    void theGrafanaDashboardIsValidJsonOverDocumentedSeries() throws Exception {
        Path file = conf.resolve("grafana-dashboard.json");
        com.alibaba.fastjson2.JSONObject d = com.alibaba.fastjson2.JSON.parseObject(Files.readString(file));
        com.alibaba.fastjson2.JSONArray panels = d.getJSONArray("panels");
        assertFalse(panels == null || panels.isEmpty(), "panels in " + file);
        String operations = Files.readString(Path.of(System.getProperty("ferrymq.docs.dir", "../docs"),
                "operations.md"));
        java.util.regex.Pattern series = java.util.regex.Pattern.compile("ferrymq_[a-z_]+");
        int exprs = 0;
        for (int i = 0; i < panels.size(); i++) {
            com.alibaba.fastjson2.JSONArray targets = panels.getJSONObject(i).getJSONArray("targets");
            for (int t = 0; targets != null && t < targets.size(); t++) {
                String expr = targets.getJSONObject(t).getString("expr");
                exprs++;
                java.util.regex.Matcher m = series.matcher(expr);
                while (m.find()) {
                    String name = m.group().replaceAll("_(bucket|sum|count)$", "");
                    assertTrue(operations.contains(name), name + " (dashboard) is a documented series in operations.md");
                }
            }
        }
        assertTrue(exprs >= 10, "queries in the dashboard: " + exprs);
    }
}
