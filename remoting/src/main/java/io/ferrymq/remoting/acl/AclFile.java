package io.ferrymq.remoting.acl;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An ACL file and the rules last read from it. {@link #start()} reads it (a missing or invalid file fails the
 * server's start) and then checks it every {@code checkIntervalMillis} on a worker thread named
 * {@code acl-reload-<server>}: when its modification time or content changed, it is read again. A file that became
 * invalid is reported (log line, fault {@code acl.file_invalid} failing in the {@link FaultRegistry}) and the last
 * good rules stay in force; the next good version clears the condition.
 *
 * <p>The worker thread is the only writer of the current rules; request threads read them through
 * {@link #rules()} (a volatile read).
 */
public final class AclFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AclFile.class);
    public static final String FAULT_INVALID = "acl.file_invalid";

    private final Path path;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    private volatile AclRules rules;
    private FileTime lastModified;
    private byte[] lastContent;

    public AclFile(Path path, String serverName, Clock clock, long checkIntervalMillis, FaultRegistry faults) {
        this.path = path;
        this.faults = faults;
        this.worker = DutyCycleWorker.periodic("acl-reload-" + serverName, clock, checkIntervalMillis,
                this::checkOnce, faults);
    }

    /**
     * Reads the file and starts watching it.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public AclFile start() throws IOException {
        open();
        worker.start();
        return this;
    }

    /**
     * Reads the file without starting the watcher thread; {@link #checkNow()} then checks it on the caller's
     * thread (tests).
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public AclFile open() throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("ACL is on but the ACL file " + path.toAbsolutePath()
                    + " does not exist; create it (see docs/security.md) or set aclEnable=false");
        }
        lastModified = Files.getLastModifiedTime(path);
        lastContent = Files.readAllBytes(path);
        try {
            rules = AclRules.parse(new String(lastContent, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ACL file " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        log.info("ACL on: {} accounts from {} ({})", rules.accounts().size(), path.toAbsolutePath(),
                accessKeys(rules));
        return this;
    }

    /** The rules in force. */
    public AclRules rules() {
        return rules;
    }

    /** One check of the file; runs on the worker thread (or a test's thread with the worker stopped). */
    void checkOnce() throws IOException {
        FileTime mtime;
        byte[] content;
        try {
            mtime = Files.getLastModifiedTime(path);
            if (mtime.equals(lastModified)) {
                return;
            }
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            faults.failing(FAULT_INVALID, "cannot read ACL file " + path + ": " + e);
            log.error("cannot read ACL file {} ({}); the last good rules stay in force", path, e.toString());
            return;
        }
        lastModified = mtime;
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        AclRules next;
        try {
            next = AclRules.parse(new String(content, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            faults.failing(FAULT_INVALID, "ACL file " + path + " is invalid: " + e.getMessage());
            log.error("ACL file {} changed but is invalid ({}); the last good rules ({} accounts) stay in force",
                    path, e.getMessage(), rules.accounts().size());
            return;
        }
        AclRules before = rules;
        rules = next;
        faults.recovered(FAULT_INVALID);
        Set<String> was = accessKeys(before);
        Set<String> now = accessKeys(next);
        Set<String> added = new TreeSet<>(now);
        added.removeAll(was);
        Set<String> removed = new TreeSet<>(was);
        removed.removeAll(now);
        log.info("ACL file {} reloaded: {} accounts (added {}, removed {})", path, now.size(), added, removed);
    }

    /**
     * Runs one check now on the caller's thread, for a file {@link #open() opened} without the watcher thread.
     *
     * @throws IllegalStateException when the watcher thread runs (it alone owns the file state)
     */
    public void checkNow() throws IOException {
        if (worker.isRunning()) {
            throw new IllegalStateException("the ACL watcher thread is running; checkNow is for a file opened "
                    + "with open()");
        }
        checkOnce();
    }

    private static Set<String> accessKeys(AclRules r) {
        return r.accounts().stream().map(AclAccount::accessKey).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Replaces the file's content atomically (write a sibling, then rename), readable by its owner only, so a
     * watcher never reads half a file. Used by {@code ferry-admin acl} commands.
     */
    public static void write(Path path, AclRules rules) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".acl-", ".tmp");
        try {
            Files.writeString(tmp, rules.toYaml(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep the platform's default permissions
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Stops watching; idempotent. */
    @Override
    public void close() {
        worker.close();
    }
}
