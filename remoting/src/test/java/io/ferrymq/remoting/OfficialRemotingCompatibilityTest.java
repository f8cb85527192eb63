package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.ResponseFuture;
import org.apache.rocketmq.remoting.InvokeCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Byte compatibility with Apache RocketMQ's own remoting library (5.3.3): frames in both directions, and each
 * side's client calling the other side's server.
 */
class OfficialRemotingCompatibilityTest {
    private static final int ECHO = 105;
    private static final int RECORD = 15;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final LinkedBlockingQueue<String> recorded = new LinkedBlockingQueue<>();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static org.apache.rocketmq.remoting.protocol.SerializeType official(SerializeType t) {
        return t == SerializeType.JSON ? org.apache.rocketmq.remoting.protocol.SerializeType.JSON
                : org.apache.rocketmq.remoting.protocol.SerializeType.ROCKETMQ;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void framesEncodedByTheOfficialLibraryDecodeWithOurs(SerializeType type) throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
        theirs.addExtField("b", "TopicA");
        theirs.addExtField("e", "3");
        theirs.setRemark("remark é");
        theirs.setBody("payload".getBytes(StandardCharsets.UTF_8));
        theirs.setSerializeTypeCurrentRPC(official(type));
        ByteBuffer encoded = theirs.encode();

        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH));
        ch.writeInbound(Unpooled.wrappedBuffer(encoded));
        RemotingCommand ours = ch.readInbound();
        assertEquals(310, ours.code());
        assertEquals(theirs.getOpaque(), ours.opaque());
        assertEquals(theirs.getVersion(), ours.version());
        assertEquals(LanguageCode.JAVA, ours.language());
        assertEquals("remark é", ours.remark());
        assertEquals("TopicA", ours.extFields().get("b"));
        assertEquals("3", ours.extFields().get("e"));
        assertEquals("payload", new String(ours.body(), StandardCharsets.UTF_8));
        assertEquals(type, ours.serializeType());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void framesEncodedByUsDecodeWithTheOfficialLibrary(SerializeType type) throws Exception {
        RemotingCommand ours = RemotingCommand.request(11).serializeType(type)
                .remark("ünïcode remark").putExt("consumerGroup", "CG").putExt("queueOffset", "42")
                .body(new byte[]{9, 8, 7});
        ours.flag(RemotingCommand.FLAG_RESPONSE);
        ByteBuf frame = FrameCodec.encodeHeaderAndArrayBody(ours, io.netty.buffer.ByteBufAllocator.DEFAULT);
        frame.skipBytes(4);
        ByteBuffer nio = ByteBuffer.allocate(frame.readableBytes());
        frame.readBytes(nio);
        frame.release();
        nio.flip();
        org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(nio);
        assertEquals(11, theirs.getCode());
        assertEquals(ours.opaque(), theirs.getOpaque());
        assertTrue(theirs.isResponseType());
        assertEquals("ünïcode remark", theirs.getRemark());
        assertEquals("CG", theirs.getExtFields().get("consumerGroup"));
        assertEquals("42", theirs.getExtFields().get("queueOffset"));
        assertArrayEquals(new byte[]{9, 8, 7}, theirs.getBody());
        assertEquals(official(type), theirs.getSerializeTypeCurrentRPC());
    }

    @Test
    void officialClientCallsOurServerSyncAsyncAndOneway() throws Exception {
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("compat-server")
                .bindAddress("127.0.0.1"));
        server.registerProcessor(ECHO, (ch, req) -> RemotingCommand.response(0, "echo")
                .putExt("topic", req.extFields().get("topic")).body(req.body()), executor);
        server.registerProcessor(RECORD, (ch, req) -> {
            recorded.add(req.extFields().get("v") + (req.isOneway() ? ":oneway" : ""));
            return RemotingCommand.response(0, null);
        }, executor);
        server.start();
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        String addr = "127.0.0.1:" + server.port();
        try {
            for (org.apache.rocketmq.remoting.protocol.SerializeType t :
                    org.apache.rocketmq.remoting.protocol.SerializeType.values()) {
                org.apache.rocketmq.remoting.protocol.RemotingCommand req =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO, null);
                req.addExtField("topic", "T-" + t);
                req.setBody(new byte[]{1, 2});
                req.setSerializeTypeCurrentRPC(t);
                org.apache.rocketmq.remoting.protocol.RemotingCommand resp = client.invokeSync(addr, req, 3000);
                assertEquals(0, resp.getCode());
                assertEquals("T-" + t, resp.getExtFields().get("topic"));
                assertArrayEquals(new byte[]{1, 2}, resp.getBody());
                assertEquals(t, resp.getSerializeTypeCurrentRPC(), "answer uses the request's type");
            }

            CompletableFuture<org.apache.rocketmq.remoting.protocol.RemotingCommand> async = new CompletableFuture<>();
            org.apache.rocketmq.remoting.protocol.RemotingCommand areq =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO, null);
            areq.addExtField("topic", "async");
            client.invokeAsync(addr, areq, 3000, new InvokeCallback() {
                @Override
                public void operationComplete(ResponseFuture responseFuture) {
                }

                @Override
                public void operationSucceed(org.apache.rocketmq.remoting.protocol.RemotingCommand response) {
                    async.complete(response);
                }

                @Override
                public void operationFail(Throwable throwable) {
                    async.completeExceptionally(throwable);
                }
            });
            assertEquals("async", async.get(5, TimeUnit.SECONDS).getExtFields().get("topic"));

            org.apache.rocketmq.remoting.protocol.RemotingCommand oneway =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(RECORD, null);
            oneway.addExtField("v", "x");
            client.invokeOneway(addr, oneway, 3000);
            assertEquals("x:oneway", recorded.poll(5, TimeUnit.SECONDS));

            org.apache.rocketmq.remoting.protocol.RemotingCommand unknown =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(9999, null);
            org.apache.rocketmq.remoting.protocol.RemotingCommand u = client.invokeSync(addr, unknown, 3000);
            assertEquals(3, u.getCode(), "REQUEST_CODE_NOT_SUPPORTED");
            assertTrue(u.getRemark().contains("9999"));
        } finally {
            client.shutdown();
            server.shutdown();
        }
    }

    @Test
    void ourClientCallsTheOfficialServer() throws Exception {
        NettyServerConfig cfg = new NettyServerConfig();
        cfg.setListenPort(0);
        cfg.setBindAddress("127.0.0.1");
        NettyRemotingServer theirs = new NettyRemotingServer(cfg);
        theirs.registerProcessor(ECHO, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                org.apache.rocketmq.remoting.protocol.RemotingCommand r =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, "ok");
                r.addExtField("topic", request.getExtFields().get("topic"));
                r.setBody(request.getBody());
                return r;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, executor);
        theirs.registerProcessor(RECORD, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                recorded.add(request.getExtFields().get("v") + (request.isOnewayRPC() ? ":oneway" : ""));
                return null;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, executor);
        theirs.start();
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("compat-client"));
        String addr = "127.0.0.1:" + theirs.localListenPort();
        try {
            for (SerializeType t : SerializeType.values()) {
                RemotingCommand resp = client.invokeSync(addr, RemotingCommand.request(ECHO).serializeType(t)
                        .putExt("topic", "T-" + t).body(new byte[]{5}), 3000);
                assertEquals(0, resp.code());
                assertEquals("ok", resp.remark());
                assertEquals("T-" + t, resp.extFields().get("topic"));
                assertArrayEquals(new byte[]{5}, resp.body());
            }
            RemotingCommand a = client.invokeAsync(addr, RemotingCommand.request(ECHO).putExt("topic", "async"), 3000)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("async", a.extFields().get("topic"));
            client.invokeOneway(addr, RemotingCommand.request(RECORD).putExt("v", "y"), 3000);
            assertEquals("y:oneway", recorded.poll(5, TimeUnit.SECONDS));
        } finally {
            client.shutdown();
            theirs.shutdown();
        }
    }
}
