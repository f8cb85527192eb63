package io.ferrymq.distribution.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Options every command takes: where the name servers are, output format, timeout. */
final class CommonOptions {
    @Option(names = {"-n", "--namesrvAddr"}, paramLabel = "ADDR",
            description = "Name server address(es), ';'-separated (default: $FERRYMQ_NAMESRV_ADDR or 127.0.0.1:9876).")
    String namesrvAddr;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

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
        return new AdminClient(new AdminConfig().nameServers(namesrv()).rpcTimeoutMillis(timeoutMillis)
                .instanceName("ferry-admin-" + ProcessHandle.current().pid())).start();
    }

    static void printJson(PrintWriter out, Object value) {
        out.println(JSON.toJSONString(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteMapNullValue,
                JSONWriter.Feature.WriteNonStringKeyAsString));
        out.flush();
    }
}
