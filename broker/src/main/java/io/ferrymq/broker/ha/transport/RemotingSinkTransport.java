package io.ferrymq.broker.ha.transport;

import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.TlsConfig;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.acl.SigningHook;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.ferrymq.store.ha.ChunkReply;
import io.ferrymq.store.ha.ReplicationProtocol;
import io.ferrymq.store.ha.SinkTransport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * The slave's side of replication on FerryMQ remoting frames: one {@link RemotingClient} sending {@code HA_PULL}
 * and {@code HA_READ} requests (see {@link ReplicationProtocol}) to the master's replication port, each new
 * connection opened with an {@code HA_HANDSHAKE} naming this slave (signed with the broker's inner account when
 * one is configured). A remoting failure (connect, send, timeout), a refused handshake or an unreadable answer is
 * reported as an {@link IOException} carrying the message. Called from the sink's single thread, and for
 * {@link #pullOnIoThread} from the client's I/O thread while the sink's loop runs there (the sink never uses both
 * at once); {@code greeted} is volatile because both may clear it.
 */
public final class RemotingSinkTransport implements SinkTransport {
    private static final Logger log = LoggerFactory.getLogger(RemotingSinkTransport.class);
    private final RemotingClient client;
    private final ReplicaIdentity self;
    /** The master address whose current connection has been greeted (null: greet before the next call). */
    private volatile String greeted;

    /**
     * @param self        this slave's cluster, broker group and id, named in the handshake
     * @param tls         TLS for the connection to the master (null: plaintext)
     * @param credentials the broker's inner account signing every request (null: unsigned, for masters without ACL)
     */
    public RemotingSinkTransport(ReplicaIdentity self, TlsConfig tls, Credentials credentials) {
        this.self = self;
        this.client = new RemotingClient(new RemotingClientConfig().name("ha-sink-client").channelMaxIdleSeconds(0)
                .tls(tls));
        if (credentials != null) {
            client.setRequestHook(new SigningHook(credentials));
        }
    }

    @Override
    public ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis)
            throws IOException, InterruptedException {
        return call(masterAddress, pullRequest(offset, maxBytes, holdMillis), timeoutMillis);
    }

    @Override
    public boolean pullOnIoThread(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis,
                                  BiConsumer<ChunkReply, Throwable> then) {
        if (!masterAddress.equals(greeted) || !client.isConnected(masterAddress)) {
            return false;
        }
        client.invokeOnIoThread(masterAddress, pullRequest(offset, maxBytes, holdMillis), timeoutMillis)
                .whenComplete((resp, err) -> {
                    if (err != null) {
                        greeted = null;
                        then.accept(null, new IOException(err.getMessage(), err));
                        return;
                    }
                    ChunkReply reply;
                    try {
                        reply = toReply(masterAddress, resp);
                    } catch (IOException e) {
                        then.accept(null, e);
                        return;
                    }
                    then.accept(reply, null);
                });
        return true;
    }

    private static RemotingCommand pullRequest(long offset, int maxBytes, long holdMillis) {
        return RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(maxBytes))
                .putExt(ReplicationProtocol.HOLD_MILLIS, Long.toString(holdMillis));
    }

    @Override
    public ChunkReply read(String masterAddress, long offset, int maxBytes, long timeoutMillis)
            throws IOException, InterruptedException {
        return call(masterAddress, RemotingCommand.request(ReplicationProtocol.HA_READ)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(maxBytes)), timeoutMillis);
    }

    @Override
    public ChunkReply push(String masterAddress, long offset, ByteBuffer bytes, long timeoutMillis)
            throws IOException, InterruptedException {
        RemotingCommand req = RemotingCommand.request(ReplicationProtocol.HA_PUSH)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset));
        byte[] body = new byte[bytes.remaining()];
        bytes.duplicate().get(body);
        req.body(body);
        return call(masterAddress, req, timeoutMillis);
    }

    private ChunkReply call(String address, RemotingCommand request, long timeoutMillis)
            throws IOException, InterruptedException {
        RemotingCommand resp;
        try {
            if (!address.equals(greeted) || !client.isConnected(address)) {
                greeted = null;
                greet(address, timeoutMillis);
                greeted = address;
            }
            resp = client.invokeSync(address, request, timeoutMillis);
        } catch (RemotingException e) {
            greeted = null;
            throw new IOException(e.getMessage(), e);
        }
        return toReply(address, resp);
    }

    private ChunkReply toReply(String address, RemotingCommand resp) throws IOException {
        if (resp.code() == ResponseCode.NO_PERMISSION) {
            greeted = null; // the connection was replaced under us: greet again on the next call
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

    /** The handshake on a (new) connection; a refusal is an IOException with the master's remark. */
    private void greet(String address, long timeoutMillis) throws RemotingException, InterruptedException,
            IOException {
        RemotingCommand resp = client.invokeSync(address, RemotingCommand.request(ReplicationProtocol.HA_HANDSHAKE)
                .putExt(ReplicationProtocol.CLUSTER, self.cluster())
                .putExt(ReplicationProtocol.BROKER_NAME, self.brokerName())
                .putExt(ReplicationProtocol.BROKER_ID, Long.toString(self.brokerId())), timeoutMillis);
        if (resp.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            // a master of an older FerryMQ, which serves without a handshake: keep replicating during an upgrade
            log.warn("replication: master {} does not know HA_HANDSHAKE (older FerryMQ); replicating without one "
                    + "until it is upgraded", address);
            return;
        }
        if (resp.code() != ReplicationProtocol.SUCCESS) {
            throw new IOException("master " + address + " refused the replication handshake of " + self + ": "
                    + resp.remark());
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
