package io.ferrymq.broker.admin;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclAccount;
import io.ferrymq.remoting.acl.AclAccountEdit;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.AclSignature;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * RocketMQ's ACL 1.0 management codes (docs/compatibility.md): UPDATE_AND_CREATE_ACL_CONFIG (50) and
 * DELETE_ACL_CONFIG (51) edit the broker's accounts file ({@code aclFile}) and take it into use before answering;
 * GET_BROKER_CLUSTER_ACL_INFO (52) tells the file's version; UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53) is refused,
 * since FerryMQ lets no unsigned request through by address. The access gate admits these codes for admin accounts
 * only. An edit that leaves no admin account, or a file that does not parse, is refused and nothing is written; every
 * edit is logged to the audit log with the caller (never a secret).
 *
 * <p>Threading: admin executor threads; edits are serialized by the {@link AclFile}'s lock (read, change, write,
 * reload), which {@link AuthMetadataProcessor} takes too.
 */
public final class AclConfigProcessor implements RequestProcessor {
    /** The codes this answers: 50..53. */
    public static final java.util.List<Integer> CODES = java.util.List.of(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
            RequestCode.DELETE_ACL_CONFIG, RequestCode.GET_BROKER_CLUSTER_ACL_INFO,
            RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG);
    private static final Logger audit = LoggerFactory.getLogger(AccessGate.AUDIT_LOGGER);
    private static final long RELOAD_TIMEOUT_MILLIS = 5000;

    private final AclFile aclFile;
    private final BrokerIdentity identity;

    /** @param aclFile the broker's accounts file, or null when ACL is off (then every code is refused) */
    public AclConfigProcessor(AclFile aclFile, BrokerIdentity identity) {
        this.aclFile = aclFile;
        this.identity = identity;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (request.code() == RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "[ACL] global white addresses "
                    + "(globalWhiteRemoteAddresses) are not supported: FerryMQ lets no unsigned request through by "
                    + "address. Limit where an account may connect from with its whiteRemoteAddress instead "
                    + "(mqadmin updateAclConfig -w, ferry-admin updateAclAccount -w); see docs/security.md");
        }
        if (aclFile == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "ACL is off on broker "
                    + identity.brokerName() + " (aclEnable=false), so it has no accounts file to change; turn ACL on "
                    + "(docs/security.md)");
        }
        synchronized (aclFile) { // shared with AuthMetadataProcessor: one read-modify-write of the file at a time
            return switch (request.code()) {
                case RequestCode.GET_BROKER_CLUSTER_ACL_INFO -> version();
                case RequestCode.UPDATE_AND_CREATE_ACL_CONFIG -> update(channel, request);
                case RequestCode.DELETE_ACL_CONFIG -> delete(channel, request);
                default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        " request type " + request.code() + " not supported");
            };
        }
    }

    private RemotingCommand update(RemotingChannel channel, RemotingCommand request) throws Exception {
        Map<String, String> f = request.extFields();
        String accessKey = request.ext().requireString("accessKey");
        AclAccountEdit edit = new AclAccountEdit(accessKey, f.get("secretKey"),
                f.containsKey("admin") ? request.ext().optBoolean("admin", false) : null, f.get("whiteRemoteAddress"),
                f.get("defaultTopicPerm"), f.get("defaultGroupPerm"), f.get("topicPerms"), f.get("groupPerms"));
        AclRules current;
        AclRules next;
        try {
            current = readFile();
            next = edit.applyTo(current);
        } catch (IllegalArgumentException e) {
            return refuse(channel, request, "UPDATE_AND_CREATE_ACL_CONFIG of account '" + accessKey + "' refused, "
                    + "nothing changed: " + e.getMessage());
        }
        if (next.accounts().stream().noneMatch(AclAccount::admin)) {
            return refuse(channel, request, "UPDATE_AND_CREATE_ACL_CONFIG of account '" + accessKey + "' refused: "
                    + "it would leave no admin account");
        }
        aclFile.replace(next, RELOAD_TIMEOUT_MILLIS);
        audit.info("broker {}: ACL account '{}' {} by {} account {} (accounts file {})", identity.brokerName(),
                accessKey, current.account(accessKey) == null ? "created" : "updated", channel.remoteAddress(),
                f.get(AclSignature.ACCESS_KEY), aclFile.path());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand delete(RemotingChannel channel, RemotingCommand request) throws Exception {
        String accessKey = request.ext().requireString("accessKey");
        AclRules current;
        try {
            current = readFile();
        } catch (IllegalArgumentException e) {
            return refuse(channel, request, "DELETE_ACL_CONFIG refused: " + e.getMessage());
        }
        if (current.account(accessKey) == null) {
            return refuse(channel, request, "DELETE_ACL_CONFIG refused: there is no account '" + accessKey + "' in "
                    + aclFile.path());
        }
        AclRules next = current.without(accessKey);
        if (next.accounts().stream().noneMatch(AclAccount::admin)) {
            return refuse(channel, request, "DELETE_ACL_CONFIG of account '" + accessKey + "' refused: it is the "
                    + "last admin account");
        }
        aclFile.replace(next, RELOAD_TIMEOUT_MILLIS);
        audit.info("broker {}: ACL account '{}' deleted by {} account {} (accounts file {})", identity.brokerName(),
                accessKey, channel.remoteAddress(), request.extFields().get(AclSignature.ACCESS_KEY), aclFile.path());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    /** The file's version as RocketMQ's GetBrokerAclConfigResponseHeader carries it (DataVersion JSON). */
    private RemotingCommand version() {
        DataVersion v = new DataVersion(0, aclFile.loadedAtMillis(), aclFile.loads());
        return RemotingCommand.response(ResponseCode.SUCCESS, null)
                .putExt("version", Json.toJson(v))
                .putExt("allAclFileVersion", Json.toJson(Map.of(aclFile.path().toString(), v)))
                .putExt("clusterName", identity.clusterName())
                .putExt("brokerName", identity.brokerName())
                .putExt("brokerAddr", identity.brokerAddr());
    }

    /** The file as it is on disk now (what an edit changes), strictly parsed. */
    private AclRules readFile() throws IOException {
        return AclRules.parse(Files.readString(aclFile.path(), StandardCharsets.UTF_8));
    }

    private static RemotingCommand refuse(RemotingChannel channel, RemotingCommand request, String why) {
        audit.warn("ACL change from {} account {} refused: {}", channel.remoteAddress(),
                request.extFields() == null ? null : request.extFields().get(AclSignature.ACCESS_KEY), why);
        return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, why);
    }
}
