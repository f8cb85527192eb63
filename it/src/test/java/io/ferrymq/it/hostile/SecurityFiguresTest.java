package io.ferrymq.it.hostile;

import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.console.api.ApiException;
import io.ferrymq.console.api.Body;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.acl.RequestAccess;
import io.ferrymq.remoting.acl.SigningHook;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures of docs/security.md, computed against a real broker and name server with ACL on, printed and
 * asserted: the share of admin request codes (every one the two servers serve) refused without credentials and
 * to a signed non-admin; requests accepted with a bad signature (over every code they serve); crashes when the
 * saved fuzz corpus is replayed, over sockets for the frame and header targets, in-process for the body targets.
 */
@Timeout(600)
class SecurityFiguresTest {
    private static final String ACL = """
            accounts:
              - accessKey: fig-admin
                secretKey: fig-admin-secret
                admin: true
              - accessKey: fig-broker
                secretKey: fig-broker-secret
                admin: true
                whiteRemoteAddress: 127.0.0.1
              - accessKey: fig-app
                secretKey: fig-app-secret
                defaultTopicPerm: PUB|SUB
                defaultGroupPerm: PUB|SUB
            """;
    private static final Credentials APP = new Credentials("fig-app", "fig-app-secret");
    private static final Credentials ADMIN = new Credentials("fig-admin", "fig-admin-secret");

    private static TestCluster cluster;
    private static RemotingClient raw;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("ferrymq-it-figures-");
        Path aclFile = dir.resolve("plain_acl.yml");
        Files.writeString(aclFile, ACL);
        cluster = TestCluster.start(dir, ns -> ns.aclEnable(true).aclFile(aclFile.toString()),
                b -> b.aclEnable(true).aclFile(aclFile.toString()).innerCredentials("fig-broker", "fig-broker-secret"),
                ADMIN);
        raw = new RemotingClient(new RemotingClientConfig().name("it-figures-raw"));
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Server(String name, String addr, Set<Integer> codes) {
    }

    private static List<Server> servers() {
        return List.of(new Server("broker", cluster.brokerAddr(), cluster.broker().handledRequestCodes()),
                new Server("name server", cluster.namesrvAddr(), cluster.nameServer().handledRequestCodes()));
    }

    private static RemotingCommand call(String addr, RemotingCommand req) throws Exception {
        return raw.invokeSync(addr, req, 5000);
    }

    @Test
    void everyAdminCodeServedIsRefusedWithoutCredentialsAndToANonAdmin() throws Exception {
        int admin = 0;
        int refusedUnsigned = 0;
        int refusedNonAdmin = 0;
        List<String> accepted = new ArrayList<>();
        for (Server s : servers()) {
            for (int code : new TreeSet<>(s.codes())) {
                if (!RequestAccess.isAdmin(code)) {
                    continue;
                }
                admin++;
                RemotingCommand unsigned = call(s.addr(), RemotingCommand.request(code));
                if (unsigned.code() == ResponseCode.NO_PERMISSION) {
                    refusedUnsigned++;
                } else {
                    accepted.add(s.name() + " code " + code + " unsigned: " + unsigned.code());
                }
                RemotingCommand byApp = RemotingCommand.request(code);
                SigningHook.sign(byApp, APP);
                RemotingCommand nonAdmin = call(s.addr(), byApp);
                if (nonAdmin.code() == ResponseCode.NO_PERMISSION && nonAdmin.remark().contains("admin")) {
                    refusedNonAdmin++;
                } else {
                    accepted.add(s.name() + " code " + code + " by a non-admin: " + nonAdmin.code());
                }
            }
        }
        System.out.printf("%nFIGURE admin request codes served (broker + name server): %d; refused unsigned: %d "
                        + "(%.1f%%); refused to a signed non-admin: %d (%.1f%%)%n", admin, refusedUnsigned,
                100.0 * refusedUnsigned / admin, refusedNonAdmin, 100.0 * refusedNonAdmin / admin);
        assertTrue(admin > 40, "admin codes found: " + admin);
        assertEquals(List.of(), accepted);
        assertEquals(admin, refusedUnsigned);
        assertEquals(admin, refusedNonAdmin);
    }

    @Test
    void noRequestIsAcceptedWithABadSignature() throws Exception {
        int sent = 0;
        List<String> accepted = new ArrayList<>();
        List<Function<Integer, RemotingCommand>> forgeries = List.of(
                code -> signed(code, new Credentials(APP.accessKey(), "wrong-secret")),
                code -> signed(code, new Credentials(ADMIN.accessKey(), "wrong-secret")),
                code -> signed(code, new Credentials("nobody", "nobody-secret")),
                code -> {
                    RemotingCommand r = signed(code, ADMIN);
                    r.putExt("topic", "altered-after-signing");
                    return r;
                },
                code -> {
                    RemotingCommand r = signed(code, ADMIN);
                    r.extFields().remove("Signature");
                    return r;
                },
                code -> {
                    RemotingCommand r = signed(code, ADMIN);
                    r.body(new byte[] {'x'});
                    return r;
                });
        for (Server s : servers()) {
            for (int code : new TreeSet<>(s.codes())) {
                for (Function<Integer, RemotingCommand> forge : forgeries) {
                    sent++;
                    RemotingCommand resp = call(s.addr(), forge.apply(code));
                    if (resp.code() != ResponseCode.NO_PERMISSION) {
                        accepted.add(s.name() + " code " + code + ": " + resp.code() + " " + resp.remark());
                    }
                }
            }
        }
        System.out.printf("%nFIGURE requests with a bad signature (wrong secret, unknown key, altered field or body, "
                + "missing signature) over every code served: %d sent, %d accepted%n", sent, accepted.size());
        assertTrue(sent > 300, "sent " + sent);
        assertEquals(List.of(), accepted);
    }

    private static RemotingCommand signed(int code, Credentials c) {
        RemotingCommand r = RemotingCommand.request(code).putExt("topic", "FigTopic").putExt("consumerGroup", "fig-cg");
        SigningHook.sign(r, c);
        return r;
    }

    // ------------------------------------------------------------------ corpus replay

    /** The saved corpus of one fuzz target: {@code <module>/src/test/resources/.../<Class>Inputs/<target>/*}. */
    private static List<Path> corpus(String module, String packagePath, String inputsDir, String target)
            throws IOException {
        Path dir = Paths.get("..", module, "src", "test", "resources").resolve(packagePath).resolve(inputsDir)
                .resolve(target);
        assertTrue(Files.isDirectory(dir), "no saved corpus at " + dir.toAbsolutePath());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] frame(int headerWord, byte[] header) {
        return ByteBuffer.allocate(8 + header.length).putInt(4 + header.length).putInt(headerWord).put(header).array();
    }

    @Test
    void theSavedCorpusCrashesNothing() throws Exception {
        int socketInputs = 0;
        int inProcessInputs = 0;
        List<String> crashes = new ArrayList<>();
        List<byte[]> streams = new ArrayList<>();
        for (Path p : corpus("remoting", "io/ferrymq/remoting", "FrameDecoderFuzzTestInputs", "frameStream")) {
            streams.add(Files.readAllBytes(p));
        }
        for (Path p : corpus("remoting", "io/ferrymq/remoting", "HeaderCodecFuzzTestInputs", "jsonHeader")) {
            byte[] h = Files.readAllBytes(p);
            streams.add(frame(h.length & 0xFFFFFF, h));
        }
        for (Path p : corpus("remoting", "io/ferrymq/remoting", "HeaderCodecFuzzTestInputs", "binaryHeader")) {
            byte[] h = Files.readAllBytes(p);
            streams.add(frame((1 << 24) | (h.length & 0xFFFFFF), h));
        }
        for (Server s : servers()) {
            for (byte[] stream : streams) {
                socketInputs++;
                try (RawConnection c = new RawConnection(s.addr())) {
                    if (!c.writeAllAndAwaitClose(stream, 10_000)) {
                        crashes.add(s.name() + ": connection neither answered nor closed after the input ended");
                    }
                }
                try {
                    call(s.addr(), RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)); // any answer will do
                } catch (Exception e) {
                    crashes.add(s.name() + " stopped answering: " + e);
                }
            }
        }
        for (Path p : corpus("common", "io/ferrymq/common/message", "MessageCodecFuzzTestInputs", "storedMessage")) {
            inProcessInputs++;
            byte[] b = Files.readAllBytes(p);
            crashes.addAll(declaredOnly(p, () -> MessageDecoder.decodeAll(ByteBuffer.wrap(b)), IllegalArgumentException.class));
            crashes.addAll(declaredOnly(p, () -> MessageDecoder.decode(ByteBuffer.wrap(b)), IllegalArgumentException.class));
        }
        for (Path p : corpus("common", "io/ferrymq/common/message", "MessageCodecFuzzTestInputs", "batchBody")) {
            inProcessInputs++;
            byte[] b = Files.readAllBytes(p);
            crashes.addAll(declaredOnly(p, () -> BatchCodec.decode(ByteBuffer.wrap(b)), IllegalArgumentException.class));
        }
        for (Path p : corpus("common", "io/ferrymq/common/message", "MessageCodecFuzzTestInputs", "properties")) {
            inProcessInputs++;
            byte[] b = Files.readAllBytes(p);
            crashes.addAll(declaredOnly(p, () -> MessageProperties.decode(new String(b, java.nio.charset.StandardCharsets.UTF_8)),
                    IllegalArgumentException.class));
        }
        for (Path p : corpus("remoting", "io/ferrymq/remoting/protocol/body", "RegistrationBodyFuzzTestInputs", "registerBroker")) {
            inProcessInputs++;
            byte[] b = Files.readAllBytes(p);
            boolean compressed = b.length > 0 && (b[0] & 1) == 1;
            byte[] body = b.length == 0 ? b : Arrays.copyOfRange(b, 1, b.length);
            crashes.addAll(declaredOnly(p, () -> RegisterBrokerBody.decode(body, compressed), IOException.class,
                    JsonBodyException.class));
        }
        for (Path p : corpus("console", "io/ferrymq/console/api", "BodyFuzzTestInputs", "requestBody")) {
            inProcessInputs++;
            byte[] b = Files.readAllBytes(p);
            crashes.addAll(declaredOnly(p, () -> Body.parse(new String(b, java.nio.charset.StandardCharsets.UTF_8)),
                    ApiException.class));
        }
        System.out.printf("%nFIGURE saved fuzz corpus replayed: %d inputs over sockets (broker and name server, "
                + "frame and header targets), %d in-process (message, batch, properties, registration and console "
                + "bodies); crashes: %d%n", socketInputs, inProcessInputs, crashes.size());
        // the corpus directories were found and read (an empty replay would prove nothing)
        assertTrue(socketInputs >= 20 && inProcessInputs >= 20, socketInputs + " / " + inProcessInputs);
        assertEquals(List.of(), crashes);
    }

    private interface Decode {
        Object run() throws Exception;
    }

    /** Runs {@code d}; returns the crash (an exception not declared, or an error) if any. */
    @SafeVarargs
    private static List<String> declaredOnly(Path input, Decode d, Class<? extends Exception>... declared) {
        try {
            d.run();
            return List.of();
        } catch (Exception e) {
            for (Class<? extends Exception> c : declared) {
                if (c.isInstance(e)) {
                    return List.of();
                }
            }
            return List.of(input.getFileName() + ": " + e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            return List.of(input.getFileName() + ": " + e);
        }
    }
}
