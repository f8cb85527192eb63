package io.ferrymq.client.internal;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The configured name servers with failover: calls go to the current one; when it cannot be reached (connect,
 * send or timeout failure) the next one is tried and becomes current. Thread-safe.
 */
public final class NameServers {
    private static final Logger log = LoggerFactory.getLogger(NameServers.class);

    private final List<String> addresses;
    private final RemotingClient remoting;
    private final AtomicInteger current;

    public NameServers(List<String> addresses, RemotingClient remoting) {
        this.addresses = List.copyOf(addresses);
        this.remoting = remoting;
        this.current = new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(addresses.size()));
    }

    public List<String> addresses() {
        return addresses;
    }

    /** The name server calls go to now. */
    public String current() {
        return addresses.get(Math.floorMod(current.get(), addresses.size()));
    }

    /**
     * Sends a request (built fresh per attempt) to the current name server, failing over to the others.
     *
     * @param operation what is being done, for error messages
     * @return the response, whatever its code
     * @throws ClientException when no name server answered
     */
    public RemotingCommand invoke(Supplier<RemotingCommand> request, long timeoutMillis, String operation) {
        ClientException last = null;
        for (int i = 0; i < addresses.size(); i++) {
            int idx = current.get();
            String addr = addresses.get(Math.floorMod(idx, addresses.size()));
            try {
                return remoting.invokeSync(addr, request.get(), timeoutMillis);
            } catch (RemotingException e) {
                last = new ClientException(operation + ": name server " + addr + " unreachable: " + e.getMessage(),
                    e, true);
                if (current.compareAndSet(idx, idx + 1)) {
                    log.debug("name server {} failed ({}), switching to the next", addr, e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException(operation + " interrupted", e, true);
            }
        }
        throw last != null ? new ClientException(operation + ": no name server of " + addresses
            + " could be reached (last: " + last.getMessage() + ")", last.getCause(), true)
            : new ClientException(operation + ": no name server configured", false);
    }

    /** Like {@link #invoke} but fails unless the response is SUCCESS. */
    public RemotingCommand invokeOk(Supplier<RemotingCommand> request, long timeoutMillis, String operation,
                                    String topic) {
        RemotingCommand resp = invoke(request, timeoutMillis, operation);
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new BrokerException(operation, "name server", current(), topic, resp.code(), resp.remark());
        }
        return resp;
    }

    /** Sends a request to every name server (e.g. delete a topic everywhere); returns the failures. */
    public List<String> invokeAll(Supplier<RemotingCommand> request, long timeoutMillis, String operation) {
        java.util.ArrayList<String> failures = new java.util.ArrayList<>();
        for (String addr : addresses) {
            try {
                RemotingCommand resp = remoting.invokeSync(addr, request.get(), timeoutMillis);
                if (resp.code() != ResponseCode.SUCCESS) {
                    failures.add(addr + ": code " + resp.code() + " " + resp.remark());
                }
            } catch (RemotingException e) {
                failures.add(addr + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException(operation + " interrupted", e, true);
            }
        }
        return failures;
    }
}
