package io.ferrymq.distribution.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.remoting.acl.Credentials;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Options every command takes: where the name servers are, the ACL account, output format, timeout. */
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
        return new AdminClient(signed(new AdminConfig().nameServers(namesrv()).rpcTimeoutMillis(timeoutMillis)
                .instanceName("ferry-admin-" + ProcessHandle.current().pid()))).start();
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

    /** {@code config} signing with {@link #credentials()} when given. */
    <T extends ClientConfig<T>> T signed(T config) {
        Credentials c = credentials();
        return c == null ? config : config.credentials(c.accessKey(), c.secretKey());
    }

    /** Direct broker calls, signed with {@link #credentials()} when given. */
    BrokerDirectCalls direct() {
        return new BrokerDirectCalls(timeoutMillis, credentials());
    }

    static void printJson(PrintWriter out, Object value) {
        out.println(JSON.toJSONString(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteMapNullValue,
                JSONWriter.Feature.WriteNonStringKeyAsString));
        out.flush();
    }
}
