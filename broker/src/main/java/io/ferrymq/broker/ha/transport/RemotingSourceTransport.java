package io.ferrymq.broker.ha.transport;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.store.ha.ChunkReply;
import io.ferrymq.store.ha.ReplicationConfig;
import io.ferrymq.store.ha.ReplicationProtocol;
import io.ferrymq.store.ha.SlaveLink;
import io.ferrymq.store.ha.SourceTransport;

import java.nio.ByteBuffer;

/**
 * The master's replication port on FerryMQ remoting frames: one {@link RemotingServer} on {@code haListenPort}
 * whose {@code HA_PULL} and {@code HA_READ} requests (see {@link ReplicationProtocol} for the exchange) are parsed
 * here and handed to the store's replication source; its answers go back as JSON-header frames with the
 * commit-log bytes as the body. Only connections admitted by {@link ReplicaAdmission} (an accepted
 * {@code HA_HANDSHAKE}) are served; every other request is refused.
 *
 * <p>Threading: requests are parsed on the server's one I/O thread and handed to the handler there (which serves
 * pulls on it once the master is serving, see {@link io.ferrymq.store.ha.ReplicationSource}); answers are written
 * from whichever thread the handler replies on, at once when that is the I/O thread.
 */
public final class RemotingSourceTransport implements SourceTransport {
    private final RemotingServer server;
    private final ReplicaAdmission admission;

    /**
     * @param tls       the broker's TLS policy for its ports (null: plaintext, no sniffing)
     * @param admission decides which connections are slaves of this master ({@code HA_HANDSHAKE})
     */
    public RemotingSourceTransport(ReplicationConfig config, ServerTls tls, ReplicaAdmission admission) {
        this.server = new RemotingServer(new RemotingServerConfig().name("ha-source-server")
                .bindAddress(config.bindAddress()).listenPort(config.haListenPort()).ioThreads(1)
                .channelMaxIdleSeconds(0).tls(tls));
        this.admission = admission;
    }

    @Override
    public void start(Handler handler) {
        // every request but the handshake passes the admission first: a stranger gets a refusal, never bytes
        server.setRequestGuard((ch, req) -> req.code() == ReplicationProtocol.HA_HANDSHAKE ? null
                : admission.refusalFor(ch, req));
        server.registerProcessor(ReplicationProtocol.HA_HANDSHAKE, admission::handshake, Runnable::run);
        server.registerProcessor(ReplicationProtocol.HA_PULL, (ch, req) -> {
            long offset = req.ext().requireLong(ReplicationProtocol.OFFSET);
            int maxBytes = maxBytes(req);
            long hold = req.ext().optLong(ReplicationProtocol.HOLD_MILLIS, 0);
            handler.onPull(new ChannelLink(ch), offset, maxBytes, hold, answer -> ch.reply(req, encode(answer)));
            return null;
        }, Runnable::run);
        server.registerProcessor(ReplicationProtocol.HA_READ, (ch, req) -> {
            long offset = req.ext().requireLong(ReplicationProtocol.OFFSET);
            handler.onRead(new ChannelLink(ch), offset, maxBytes(req), answer -> ch.reply(req, encode(answer)));
            return null;
        }, Runnable::run);
        server.registerProcessor(ReplicationProtocol.HA_PUSH, (ch, req) -> {
            long offset = req.ext().requireLong(ReplicationProtocol.OFFSET);
            byte[] body = req.body() == null ? new byte[0] : req.body();
            handler.onPush(new ChannelLink(ch), offset, ByteBuffer.wrap(body), answer -> ch.reply(req, encode(answer)));
            return null;
        }, Runnable::run);
        server.setChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                admission.onClose(channel);
                handler.onDisconnected(new ChannelLink(channel));
            }
        });
        server.start();
    }

    private static int maxBytes(RemotingCommand req) throws HeaderFieldException {
        return req.ext().optInt(ReplicationProtocol.MAX_BYTES, SourceTransport.MAX_BYTES_NOT_GIVEN);
    }

    /** The frame the master has always sent for an answer: code, offsets as ext fields, bytes as the body. */
    static RemotingCommand encode(ChunkReply a) {
        if (!a.isSuccess()) {
            return RemotingCommand.response(a.code(), a.remark())
                    .putExt(ReplicationProtocol.MASTER_MIN, Long.toString(a.masterMinOffset()))
                    .putExt(ReplicationProtocol.MASTER_MAX, Long.toString(a.masterMaxOffset()));
        }
        RemotingCommand r = RemotingCommand.response(ReplicationProtocol.SUCCESS, null)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(a.offset()))
                .putExt(ReplicationProtocol.MASTER_MIN, Long.toString(a.masterMinOffset()))
                .putExt(ReplicationProtocol.MASTER_MAX, Long.toString(a.masterMaxOffset()));
        if (a.bytes().hasRemaining()) {
            r.bodyBuffer(io.netty.buffer.Unpooled.wrappedBuffer(a.bytes()));
        }
        return r;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** A slave connection; equal for every request of one channel. */
    private record ChannelLink(RemotingChannel channel) implements SlaveLink {
        @Override
        public String remoteAddress() {
            return channel.remoteAddress();
        }

        @Override
        public boolean isActive() {
            return channel.isActive();
        }

        @Override
        public void execute(Runnable task) {
            channel.execute(task);
        }
    }
}
