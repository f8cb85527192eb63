package io.ferrymq.console.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Console users: those of the configuration ({@code user.<name>=role:hash}, read-only here) and those managed in
 * the UI, kept in {@code <dataDir>/users.properties} (owner-only file). With no user at all, the first start
 * creates {@code admin} with a random password, logged once and written to {@code <dataDir>/initial-admin-password}
 * (owner-only). Thread-safe (synchronized).
 */
public final class UserStore {
    /**
     * A user: name, role, bcrypt hash, whether an admin disabled it (it cannot log in); {@code fromConfig} users
     * cannot be changed in the UI.
     */
    public record User(String name, Role role, String hash, boolean fromConfig, boolean disabled) {
    }

    private static final Logger log = LoggerFactory.getLogger(UserStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final String DISABLED = "disabled";

    private static final String DUMMY_HASH = PasswordHashes.hash(PasswordHashes.randomPassword());
    private final Path file;
    private final Map<String, User> users = new TreeMap<>();

    public UserStore(Path dataDir, Map<String, String> configured) throws IOException {
        this.file = dataDir.resolve("users.properties");
        configured.forEach((name, spec) -> {
            User u = parse(name, spec, true);
            users.put(name, u);
        });
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String name : p.stringPropertyNames()) {
                if (!users.containsKey(name)) {
                    users.put(name, parse(name, p.getProperty(name), false));
                }
            }
        }
        if (users.isEmpty()) {
            createInitialAdmin(dataDir);
        }
    }

    private static User parse(String name, String spec, boolean fromConfig) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' must match " + NAME.pattern());
        }
        // role:hash, or role:disabled:hash for a user an admin disabled (a bcrypt hash never contains ':')
        String[] parts = spec.split(":", -1);
        boolean disabled = parts.length == 3 && parts[1].equals(DISABLED);
        String hash = parts[parts.length - 1];
        if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !disabled || !hash.startsWith("$2")) {
            throw new IllegalArgumentException("user." + name + " must be role:bcrypt-hash (make a hash with "
                    + "ferry-console --hash-password)");
        }
        return new User(name, Role.parse(parts[0]), hash, fromConfig, disabled);
    }

    private void createInitialAdmin(Path dataDir) throws IOException {
        String password = PasswordHashes.randomPassword();
        users.put("admin", new User("admin", Role.ADMIN, PasswordHashes.hash(password), false, false));
        save();
        Path pw = dataDir.resolve("initial-admin-password");
        writeOwnerOnly(pw, password + "\n");
        log.warn("No console user was configured: created user 'admin' with password {} (also in {}, readable only "
                + "by its owner). Change it after logging in.", password, pw.toAbsolutePath());
    }

    /** The user if {@code password} matches (a disabled user too: the caller refuses it), else null. */
    public synchronized User authenticate(String name, String password) {
        User u = users.get(name);
        if (u == null) {
            // Same work as a real check, so timing does not tell which names exist.
            PasswordHashes.matches(password, DUMMY_HASH);
            return null;
        }
        return PasswordHashes.matches(password, u.hash()) ? u : null;
    }

    public synchronized List<User> list() {
        return List.copyOf(users.values());
    }

    public synchronized User get(String name) {
        return users.get(name);
    }

    /**
     * Creates or updates a UI-managed user; a null {@code password} keeps the old one (a new user needs one).
     *
     * @throws IllegalArgumentException for a bad name or password, or a user of the configuration file
     */
    public synchronized User put(String name, Role role, String password, boolean disabled) throws IOException {
        if (!NAME.matcher(name == null ? "" : name).matches()) {
            throw new IllegalArgumentException("user name must match " + NAME.pattern());
        }
        User old = users.get(name);
        if (old != null && old.fromConfig()) {
            throw new IllegalArgumentException("user " + name + " is defined in the configuration file; change it there");
        }
        String hash = password == null && old != null ? old.hash() : PasswordHashes.hash(password);
        User u = new User(name, role, hash, false, disabled);
        users.put(name, u);
        save();
        return u;
    }

    /**
     * A user's own password change: {@code current} must match.
     *
     * @return false when {@code current} is wrong (nothing changed)
     * @throws IllegalArgumentException for a user of the configuration file or a new password of the wrong length
     */
    public synchronized boolean changePassword(String name, String current, String next) throws IOException {
        User u = users.get(name);
        if (u == null || !PasswordHashes.matches(current, u.hash())) {
            return false;
        }
        if (u.fromConfig()) {
            throw new IllegalArgumentException("user " + name + " is defined in the configuration file; an operator "
                    + "changes its hash there (ferry-console --hash-password)");
        }
        users.put(name, new User(name, u.role(), PasswordHashes.hash(next), false, u.disabled()));
        save();
        return true;
    }

    public synchronized boolean delete(String name) throws IOException {
        User old = users.get(name);
        if (old == null) {
            return false;
        }
        if (old.fromConfig()) {
            throw new IllegalArgumentException("user " + name + " is defined in the configuration file; remove it there");
        }
        users.remove(name);
        save();
        return true;
    }

    private void save() throws IOException {
        Map<String, String> managed = new LinkedHashMap<>();
        users.values().stream().filter(u -> !u.fromConfig())
                .forEach(u -> managed.put(u.name(), u.role().wire() + (u.disabled() ? ":" + DISABLED : "") + ":"
                        + u.hash()));
        StringBuilder sb = new StringBuilder("# FerryMQ console users (name=role[:disabled]:bcrypt-hash), managed by the console\n");
        managed.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        writeOwnerOnly(tmp, sb.toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeOwnerOnly(Path p, String content) throws IOException {
        Files.createDirectories(p.toAbsolutePath().getParent());
        Files.deleteIfExists(p);
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(p);
        }
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write(content);
        }
    }
}
