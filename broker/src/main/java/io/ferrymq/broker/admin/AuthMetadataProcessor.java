package io.ferrymq.broker.admin;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.Acl2Mapping;
import io.ferrymq.remoting.acl.AclAccount;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.AclSignature;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.AclInfo;
import io.ferrymq.remoting.protocol.body.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * RocketMQ 5's ACL 2.0 user and ACL codes (AUTH_CREATE_USER 3001 .. AUTH_LIST_ACL 3010, what {@code mqadmin
 * createUser ... listAcl, copyUser, copyAcl} send) on the broker's ACL 1.0 accounts file, through
 * {@link Acl2Mapping}: there is no second ACL store. Writes are checked, written atomically and taken into use before
 * the answer (as ACL 1.0 edits, {@link AclConfigProcessor}); what the accounts cannot hold, or an edit leaving no
 * admin account, is refused with INVALID_PARAMETER naming the part, and nothing is written. The access gate admits
 * these codes for admin accounts only; every change is written to the audit log (never a password).
 *
 * <p>Reads answer the password (the account's secret key) as RocketMQ 5.3.3 does to its super users, since
 * {@code copyUser} recreates a user from it; only admin accounts get the answer, and it is never logged.
 */
public final class AuthMetadataProcessor implements RequestProcessor {
    public static final List<Integer> CODES = List.of(RequestCode.AUTH_CREATE_USER, RequestCode.AUTH_UPDATE_USER,
            RequestCode.AUTH_DELETE_USER, RequestCode.AUTH_GET_USER, RequestCode.AUTH_LIST_USER,
            RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL,
            RequestCode.AUTH_GET_ACL, RequestCode.AUTH_LIST_ACL);
    private static final Logger audit = LoggerFactory.getLogger(AccessGate.AUDIT_LOGGER);
    private static final long RELOAD_TIMEOUT_MILLIS = 5000;

    private final AclFile aclFile;
    private final BrokerIdentity identity;

    /** @param aclFile the broker's accounts file, or null when ACL is off (then every code is refused) */
    public AuthMetadataProcessor(AclFile aclFile, BrokerIdentity identity) {
        this.aclFile = aclFile;
        this.identity = identity;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (aclFile == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "ACL is off on broker "
                    + identity.brokerName() + " (aclEnable=false): it has no users or ACLs; turn ACL on "
                    + "(docs/security.md)");
        }
        Map<String, String> f = request.extFields() == null ? Map.of() : request.extFields();
        synchronized (aclFile) { // shared with AclConfigProcessor: one read-modify-write of the file at a time
            try {
                // the file as it is on disk now (what an edit changes), strictly parsed
                AclRules current = AclRules.parse(Files.readString(aclFile.path(), StandardCharsets.UTF_8));
                return switch (request.code()) {
                    case RequestCode.AUTH_GET_USER -> found(current.account(f.get("username")), Acl2Mapping::user);
                    case RequestCode.AUTH_LIST_USER -> body(current.accounts().stream()
                            .filter(a -> contains(a.accessKey(), f.get("filter"))).map(Acl2Mapping::user).toList());
                    case RequestCode.AUTH_GET_ACL -> found(current.account(subjectUser(f.get("subject"))),
                            Acl2Mapping::acl);
                    case RequestCode.AUTH_LIST_ACL -> body(Acl2Mapping.listAcls(current, f.get("subjectFilter"),
                            f.get("resourceFilter")));
                    default -> change(channel, request, current, f);
                };
            } catch (IllegalArgumentException | JsonBodyException e) {
                String why = name(request.code()) + " refused, nothing changed: " + e.getMessage();
                audit.warn("broker {}: ACL change from {} account {} refused: {}", identity.brokerName(),
                        channel.remoteAddress(), f.get(AclSignature.ACCESS_KEY), why);
                return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, why);
            }
        }
    }

    private RemotingCommand change(RemotingChannel channel, RemotingCommand request, AclRules current,
                                   Map<String, String> f) throws IOException {
        AclRules next = switch (request.code()) {
            case RequestCode.AUTH_CREATE_USER -> Acl2Mapping.createUser(current, userBody(request, f));
            case RequestCode.AUTH_UPDATE_USER -> Acl2Mapping.updateUser(current, userBody(request, f));
            case RequestCode.AUTH_DELETE_USER -> Acl2Mapping.deleteUser(current, f.get("username"));
            case RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL -> Acl2Mapping.putAcl(current,
                    aclBody(request, f));
            case RequestCode.AUTH_DELETE_ACL -> Acl2Mapping.deleteAcl(current, f.get("subject"), f.get("resource"));
            default -> throw new IllegalArgumentException("request code " + request.code() + " is not an ACL 2.0 code");
        };
        if (next.accounts().stream().noneMatch(a -> a.admin() && !a.disabled())) {
            throw new IllegalArgumentException("it would leave no enabled admin account");
        }
        aclFile.replace(next, RELOAD_TIMEOUT_MILLIS);
        audit.info("broker {}: {} {} by {} account {} (accounts file {})", identity.brokerName(),
                name(request.code()), f.getOrDefault("username", f.get("subject")), channel.remoteAddress(),
                f.get(AclSignature.ACCESS_KEY), aclFile.path());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    /** The body's user, named by the header (as RocketMQ: the header's username wins). */
    private static UserInfo userBody(RemotingCommand request, Map<String, String> f) {
        UserInfo u = Json.parse(request.body(), UserInfo.class);
        if (u == null) {
            throw new IllegalArgumentException("the request carries no user (UserInfo body)");
        }
        return new UserInfo(f.getOrDefault("username", u.username()), u.password(), u.userType(), u.userStatus());
    }

    private static AclInfo aclBody(RemotingCommand request, Map<String, String> f) {
        AclInfo a = Json.parse(request.body(), AclInfo.class);
        if (a == null) {
            throw new IllegalArgumentException("the request carries no ACL (AclInfo body)");
        }
        return new AclInfo(f.getOrDefault("subject", a.subject()), a.policies());
    }

    /** An unknown name answers SUCCESS without a body, as RocketMQ does (copyUser/copyAcl rely on it). */
    private static <T> RemotingCommand found(AclAccount a, java.util.function.Function<AclAccount, T> render) {
        RemotingCommand r = RemotingCommand.response(ResponseCode.SUCCESS, null);
        return a == null ? r : r.body(Json.toBytes(render.apply(a)));
    }

    private static RemotingCommand body(List<?> items) {
        RemotingCommand r = RemotingCommand.response(ResponseCode.SUCCESS, null);
        return items.isEmpty() ? r : r.body(Json.toBytes(items));
    }

    private static String subjectUser(String subject) {
        return Acl2Mapping.username(subject);
    }

    private static boolean contains(String value, String filter) {
        return filter == null || filter.isBlank() || value.contains(filter.trim());
    }

    private static String name(int code) {
        return switch (code) {
            case RequestCode.AUTH_CREATE_USER -> "AUTH_CREATE_USER";
            case RequestCode.AUTH_UPDATE_USER -> "AUTH_UPDATE_USER";
            case RequestCode.AUTH_DELETE_USER -> "AUTH_DELETE_USER";
            case RequestCode.AUTH_GET_USER -> "AUTH_GET_USER";
            case RequestCode.AUTH_LIST_USER -> "AUTH_LIST_USER";
            case RequestCode.AUTH_CREATE_ACL -> "AUTH_CREATE_ACL";
            case RequestCode.AUTH_UPDATE_ACL -> "AUTH_UPDATE_ACL";
            case RequestCode.AUTH_DELETE_ACL -> "AUTH_DELETE_ACL";
            case RequestCode.AUTH_GET_ACL -> "AUTH_GET_ACL";
            default -> "AUTH_LIST_ACL";
        };
    }
}
