package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestHook;

/**
 * Signs every outbound request with one account, exactly as the official client's {@code AclClientRPCHook}: adds
 * {@value AclSignature#ACCESS_KEY} (and {@value AclSignature#SECURITY_TOKEN} when set), then
 * {@value AclSignature#SIGNATURE} over the result. Idempotent (re-signing a re-sent request gives the same fields).
 * Thread-safe.
 */
public final class SigningHook implements RequestHook {
    private final Credentials credentials;

    public SigningHook(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void beforeSend(String remoteAddress, RemotingCommand request) {
        sign(request, credentials);
    }

    /** Adds the ACL fields of {@code credentials} to {@code request}. */
    public static void sign(RemotingCommand request, Credentials credentials) {
        request.putExt(AclSignature.SIGNATURE, null);
        request.putExt(AclSignature.ACCESS_KEY, credentials.accessKey());
        if (credentials.securityToken() != null) {
            request.putExt(AclSignature.SECURITY_TOKEN, credentials.securityToken());
        }
        byte[] content = AclSignature.content(request.extFields(), request.body());
        request.putExt(AclSignature.SIGNATURE, AclSignature.sign(content, credentials.secretKey()));
    }
}
