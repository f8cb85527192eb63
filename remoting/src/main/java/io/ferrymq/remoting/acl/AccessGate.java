package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestGuard;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The door of a broker or name server: with ACL on, refuses every request that is not signed by a known account
 * with the permission it needs ({@link RequestAccess}); with ACL on or off, writes every state-changing admin
 * request to the audit log (logger {@value #AUDIT_LOGGER}) with the caller's address and account.
 *
 * <p>Refusals answer NO_PERMISSION with a remark naming what was wrong (missing or unknown access key, bad
 * signature, address not allowed, missing permission); the secret key never appears in a remark or a log line.
 * Called concurrently from the servers' executor threads; the rules are read from a supplier on every request, so
 * a reloaded ACL file takes effect on the next request.
 */
public final class AccessGate implements RequestGuard {
    public static final String AUDIT_LOGGER = "io.ferrymq.audit";
    private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);
    private static final Logger log = LoggerFactory.getLogger(AccessGate.class);
    /** Ext fields never copied into the audit log. */
    private static final java.util.Set<String> HIDDEN = java.util.Set.of(AclSignature.SIGNATURE,
            AclSignature.SECURITY_TOKEN, "secretKey", "SecretKey");

    private final String serverName;
    private final Supplier<AclRules> rules;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastRefusalLogNanos = new AtomicLong();

    /**
     * @param serverName names this server in log lines ("broker-a", "namesrv")
     * @param rules      the current ACL rules, or null when ACL is off (every request admitted, admin ones audited)
     */
    public AccessGate(String serverName, Supplier<AclRules> rules) {
        this.serverName = serverName;
        this.rules = rules;
    }

    public boolean aclEnabled() {
        return rules != null;
    }

    @Override
    public RemotingCommand admit(RemotingChannel channel, RemotingCommand request) {
        String refusal;
        String account;
        if (rules == null) {
            refusal = null;
            account = accessKeyOf(request);
        } else {
            AclRules r = rules.get();
            Verdict v = decide(r, channel.remoteSocketAddress().getAddress(), request);
            refusal = v.refusal;
            account = v.accessKey;
        }
        boolean logRefusal = refusal != null && mayLog();
        if (RequestAccess.isMutatingAdmin(request.code()) && (refusal == null || logRefusal)) {
            audit.info("{}: admin request code {} from {} account {}: {}{}", serverName, request.code(),
                    channel.remoteAddress(), account == null ? "-" : account, visibleFields(request),
                    refusal == null ? "" : " REFUSED: " + refusal);
        }
        if (refusal != null) {
            long n = refused.incrementAndGet();
            if (logRefusal) {
                log.warn("{}: refused request code {} from {} ({} refused so far; at most one line a second): {}",
                        serverName, request.code(), channel.remoteAddress(), n, refusal);
            }
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, refusal);
        }
        admitted.incrementAndGet();
        return null;
    }

    /** At most one refusal line a second, so a client hammering with bad credentials cannot flood the log. */
    private boolean mayLog() {
        long now = System.nanoTime();
        long last = lastRefusalLogNanos.get();
        return (last == 0 || now - last >= 1_000_000_000L) && lastRefusalLogNanos.compareAndSet(last, now == 0 ? 1 : now);
    }

    record Verdict(String accessKey, String refusal) {
    }

    /** The decision alone, without logging (tests and tools). */
    static Verdict decide(AclRules rules, java.net.InetAddress client, RemotingCommand request) {
        Map<String, String> ext = request.extFields();
        String ak = ext == null ? null : ext.get(AclSignature.ACCESS_KEY);
        String code = "request code " + request.code();
        if (ak == null || ak.isEmpty()) {
            return new Verdict(null, "[ACL] " + code + " carries no AccessKey; ACL is on: sign requests with an "
                    + "account (official client: new AclClientRPCHook(new SessionCredentials(ak, sk)))");
        }
        AclAccount account = rules.account(ak);
        if (account == null) {
            return new Verdict(ak, "[ACL] unknown AccessKey '" + ak + "' (" + code + ")");
        }
        String signature = ext.get(AclSignature.SIGNATURE);
        if (signature == null || signature.isEmpty()) {
            return new Verdict(ak, "[ACL] " + code + " from AccessKey '" + ak + "' carries no Signature");
        }
        if (!AclSignature.verify(AclSignature.content(ext, request.body()), account.secretKey(), signature)) {
            return new Verdict(ak, "[ACL] signature mismatch for AccessKey '" + ak + "' (" + code
                    + "): wrong secret key, or the request was altered");
        }
        if (account.disabled()) {
            return new Verdict(ak, "[ACL] AccessKey '" + ak + "' is disabled (disabled: true in the accounts file, "
                    + "e.g. set by mqadmin updateUser -s disable); enable it with updateUser -s enable (" + code + ")");
        }
        if (!account.whiteRemoteAddress().allows(client)) {
            return new Verdict(ak, "[ACL] AccessKey '" + ak + "' may not connect from "
                    + client.getHostAddress() + " (allowed: "
                    + account.whiteRemoteAddress() + ")");
        }
        if (RequestAccess.isAdmin(request.code())) {
            return account.admin() ? new Verdict(ak, null) : new Verdict(ak, "[ACL] " + code
                    + " is an admin request and AccessKey '" + ak + "' is not an admin account");
        }
        List<RequestAccess.Need> needs;
        try {
            needs = RequestAccess.needs(request);
        } catch (IllegalArgumentException e) {
            return new Verdict(ak, "[ACL] cannot check " + code + " from AccessKey '" + ak + "': " + e.getMessage());
        }
        for (RequestAccess.Need n : needs) {
            Perm granted = n.group() ? account.groupPerm(n.name()) : account.topicPerm(n.name());
            if (!granted.allows(n.perm())) {
                return new Verdict(ak, "[ACL] AccessKey '" + ak + "' has no " + n.describe() + " (granted: "
                        + granted.text() + "; " + code + ")");
            }
        }
        return new Verdict(ak, null);
    }

    private static String accessKeyOf(RemotingCommand request) {
        return request.extFields() == null ? null : request.extFields().get(AclSignature.ACCESS_KEY);
    }

    private static String visibleFields(RemotingCommand request) {
        Map<String, String> shown = new TreeMap<>();
        if (request.extFields() != null) {
            for (Map.Entry<String, String> e : request.extFields().entrySet()) {
                if (!HIDDEN.contains(e.getKey())) {
                    shown.put(e.getKey(), e.getValue());
                }
            }
        }
        return shown + (request.bodyLength() > 0 ? " body " + request.bodyLength() + " bytes" : "");
    }

    /** Requests let through since start. */
    public long admitted() {
        return admitted.get();
    }

    /** Requests refused since start. */
    public long refused() {
        return refused.get();
    }

    /** aclEnable, aclAdmittedRequests, aclRefusedRequests: the gate's line in GET_BROKER_RUNTIME_INFO. */
    public java.util.Map<String, String> figures() {
        return java.util.Map.of("aclEnable", Boolean.toString(aclEnabled()), "aclAdmittedRequests",
                Long.toString(admitted()), "aclRefusedRequests", Long.toString(refused()));
    }
}
