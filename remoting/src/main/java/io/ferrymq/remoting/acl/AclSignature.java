package io.ferrymq.remoting.acl;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request signature of RocketMQ's ACL 1.0, so the official client's {@code AclClientRPCHook} and ours agree:
 * the values of every extFields entry except {@value #SIGNATURE}, in the order of their keys, concatenated as UTF-8,
 * followed by the body bytes; signed with HmacSHA1 keyed by the UTF-8 bytes of the secret key; Base64 (standard
 * alphabet, padded). The access key ({@value #ACCESS_KEY}) and the optional {@value #SECURITY_TOKEN} are extFields
 * themselves, so they are covered by the signature. Stateless and thread-safe.
 */
public final class AclSignature {
    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    private static final String ALGORITHM = "HmacSHA1";

    private AclSignature() {
    }

    /** The signed content: sorted extFields values (without the signature) then the body. */
    public static byte[] content(Map<String, String> extFields, byte[] body) {
        StringBuilder sb = new StringBuilder();
        if (extFields != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(extFields).entrySet()) {
                if (!SIGNATURE.equals(e.getKey())) {
                    sb.append(e.getValue());
                }
            }
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Base64 of HmacSHA1(content) keyed by {@code secretKey}. */
    public static String sign(byte[] content, String secretKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is mandatory in every JRE; reaching this means a broken JRE, not bad input.
            throw new IllegalStateException("HmacSHA1 is not available in this JRE", e);
        }
    }

    /** Whether {@code signature} is the signature of {@code content}; compares in constant time. */
    public static boolean verify(byte[] content, String secretKey, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(content, secretKey).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
