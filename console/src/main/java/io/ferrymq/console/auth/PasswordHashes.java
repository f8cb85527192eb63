package io.ferrymq.console.auth;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.security.SecureRandom;

/** bcrypt hashes of passwords (BouncyCastle's OpenBSDBCrypt, "$2y$" form, cost 10). */
public final class PasswordHashes {
    private static final int COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {
    }

    public static String hash(String password) {
        if (password == null || password.length() < 8 || password.length() > 72) {
            throw new IllegalArgumentException("a password must have 8 to 72 characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, COST);
    }

    /** Whether {@code password} matches {@code hash}; false (never an exception) for a malformed hash. */
    public static boolean matches(String password, String hash) {
        if (password == null || hash == null || password.length() > 72) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A random password of 20 URL-safe characters. */
    public static String randomPassword() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
