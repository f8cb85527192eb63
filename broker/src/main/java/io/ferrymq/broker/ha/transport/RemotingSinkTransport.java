package io.ferrymq.broker.ha.transport;

import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.store.ha.ChunkReply;
import io.ferrymq.store.ha.ReplicationProtocol;
import io.ferrymq.store.ha.SinkTransport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The slave's side of replication on FerryMQ remoting frames: one {@link RemotingClient} sending {@code HA_PULL}
 * and {@code HA_READ} requests (see {@link ReplicationProtocol}) to the master's replication port. A remoting
 * failure (connect, send, timeout) or an unreadable answer is reported as an {@link IOException} carrying the
 * remoting message. Called from the sink's single thread.
 */
public final class RemotingSinkTransport implements SinkTransport {
    private final RemotingClient client =
            new RemotingClient(new RemotingClientConfig().name("ha-sink-client").channelMaxIdleSeconds(0));

    @Override
    public ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis)
            throws IOException, InterruptedException {
        return call(masterAddress, RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(maxBytes))
                .putExt(ReplicationProtocol.HOLD_MILLIS, Long.toString(holdMillis)), timeoutMillis);
    }

    @Override
    public ChunkReply read(String masterAddress, long offset, int maxBytes, long timeoutMillis)
            throws IOException, InterruptedException {
        return call(masterAddress, RemotingCommand.request(ReplicationProtocol.HA_READ)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(maxBytes)), timeoutMillis);
    }

    private ChunkReply call(String address, RemotingCommand request, long timeoutMillis)
            throws IOException, InterruptedException {
        RemotingCommand resp;
        try {
            resp = client.invokeSync(address, request, timeoutMillis);
        } catch (RemotingException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            byte[] body = resp.body();
            return new ChunkReply(resp.code(), resp.remark(), resp.ext().optLong(ReplicationProtocol.OFFSET, -1),
                    resp.ext().optLong(ReplicationProtocol.MASTER_MIN, -1),
                    resp.ext().optLong(ReplicationProtocol.MASTER_MAX, -1),
                    body == null ? null : ByteBuffer.wrap(body));
        } catch (HeaderFieldException e) {
            throw new IOException("master " + address + " sent an unreadable answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void disconnect(String masterAddress) {
        client.closeChannel(masterAddress);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
