package io.ferrymq.distribution.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientTls;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.remoting.acl.Credentials;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * Options every command takes: where the name servers are, the ACL account, TLS, output format, timeout. The TLS
 * options default to Apache RocketMQ's client system properties ({@code -Dtls.enable=true},
 * {@code -Dtls.client.trustCertPath}, {@code -Dtls.client.certPath}, {@code -Dtls.client.keyPath},
 * {@code -Dtls.client.keyPassword}, through {@code JAVA_OPTS}), so one set of properties serves mqadmin and
 * ferry-admin alike.
 */
final class CommonOptions {
    @Option(names = {"-n", "--namesrvAddr"}, paramLabel = "ADDR",
            description = "Name server address(es), ';'-separated (default: $FERRYMQ_NAMESRV_ADDR or 127.0.0.1:9876).")
    String namesrvAddr;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = {"--accessKey"}, paramLabel = "AK",
            description = "ACL account to sign every request with (default: $FERRYMQ_ACCESS_KEY); needed when the "
                    + "servers run with ACL on.")
    String accessKey;

    @Option(names = {"--secretKey"}, paramLabel = "SK",
            description = "Secret key of --accessKey (default: $FERRYMQ_SECRET_KEY; prefer the variable: command "
                    + "lines are visible to other users).")
    String secretKey;

    @Option(names = "--tls", description = "Connect with TLS (servers with tlsMode PERMISSIVE or ENFORCING; default: "
            + "-Dtls.enable, or on when a --tls* file option or property is given).")
    boolean tls;

    @Option(names = "--tlsTrustCertPath", paramLabel = "FILE",
            description = "PEM certificate(s) of the CA the servers' certificates must chain to (default: "
                    + "-Dtls.client.trustCertPath, else the JVM's default trust store). Implies --tls.")
    String tlsTrustCertPath;

    @Option(names = "--tlsCertPath", paramLabel = "FILE",
            description = "Mutual TLS: PEM certificate chain to present to servers that ask for one (default: "
                    + "-Dtls.client.certPath); with --tlsKeyPath. Implies --tls.")
    String tlsCertPath;

    @Option(names = "--tlsKeyPath", paramLabel = "FILE",
            description = "PKCS#8 PEM private key of --tlsCertPath (default: -Dtls.client.keyPath); an encrypted key's "
                    + "password comes from $FERRYMQ_TLS_KEY_PASSWORD or -Dtls.client.keyPassword.")
    String tlsKeyPath;

    @Option(names = "--tlsVerifyHostname", paramLabel = "BOOL", arity = "1",
            description = "Check that each server's certificate names the address dialled (default: "
                    + "-Dtls.client.verifyHostname, else true).")
    Boolean tlsVerifyHostname;

    @Option(names = "--timeout", paramLabel = "MILLIS", defaultValue = "5000",
            description = "Timeout of each request to a server in milliseconds (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    String namesrv() {
        if (namesrvAddr != null && !namesrvAddr.isBlank()) {
            return namesrvAddr;
        }
        String env = System.getenv("FERRYMQ_NAMESRV_ADDR");
        return env == null || env.isBlank() ? "127.0.0.1:9876" : env;
    }

    AdminClient admin() {
        return new AdminClient(secured(new AdminConfig().nameServers(namesrv()).rpcTimeoutMillis(timeoutMillis)
                .instanceName("ferry-admin-" + ProcessHandle.current().pid()))).start();
    }

    /**
     * TLS from the options, else from RocketMQ's client system properties; null for plaintext.
     *
     * @throws IllegalArgumentException when a certificate is given without its key or the other way round
     */
    ClientTls clientTls() {
        String trust = orProperty(tlsTrustCertPath, "tls.client.trustCertPath");
        String cert = orProperty(tlsCertPath, "tls.client.certPath");
        String key = orProperty(tlsKeyPath, "tls.client.keyPath");
        boolean on = tls || Boolean.parseBoolean(System.getProperty("tls.enable")) || trust != null || cert != null
                || key != null;
        if (!on) {
            return null;
        }
        String password = System.getenv("FERRYMQ_TLS_KEY_PASSWORD");
        password = password != null && !password.isEmpty() ? password : System.getProperty("tls.client.keyPassword");
        boolean verify = tlsVerifyHostname != null ? tlsVerifyHostname
                : !"false".equalsIgnoreCase(System.getProperty("tls.client.verifyHostname"));
        try {
            return new ClientTls(trust, verify, cert, key, key == null ? null : password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tlsCertPath/--tlsKeyPath: " + e.getMessage(), e);
        }
    }

    private static String orProperty(String option, String property) {
        String v = option != null ? option : System.getProperty(property);
        return v == null || v.isBlank() ? null : v;
    }

    /** The ACL account from the options or the environment, or null when requests are not signed. */
    Credentials credentials() {
        String ak = accessKey != null ? accessKey : System.getenv("FERRYMQ_ACCESS_KEY");
        String sk = secretKey != null ? secretKey : System.getenv("FERRYMQ_SECRET_KEY");
        if (ak == null || ak.isBlank()) {
            return null;
        }
        if (sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("--accessKey " + ak + " needs --secretKey or $FERRYMQ_SECRET_KEY");
        }
        return new Credentials(ak, sk);
    }

    /** {@code config} signing with {@link #credentials()} when given, over TLS when {@link #clientTls()} says so. */
    <T extends ClientConfig<T>> T secured(T config) {
        Credentials c = credentials();
        ClientTls tlsSettings = clientTls();
        if (tlsSettings != null) {
            config.tls(tlsSettings);
        }
        return c == null ? config : config.credentials(c.accessKey(), c.secretKey());
    }

    /** Direct broker calls, signed with {@link #credentials()} when given, over TLS when asked. */
    BrokerDirectCalls direct() {
        ClientTls tlsSettings = clientTls();
        return new BrokerDirectCalls(timeoutMillis, credentials(), tlsSettings == null ? null
                : tlsSettings.toRemoting());
    }

    static void printJson(PrintWriter out, Object value) {
        out.println(JSON.toJSONString(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteMapNullValue,
                JSONWriter.Feature.WriteNonStringKeyAsString));
        out.flush();
    }
}
