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
    private final Clock clock;
    private volatile AclRules rules;
    /** Rule sets taken into use since start, and when the last one was (for GET_BROKER_CLUSTER_ACL_INFO). */
    private volatile long loads;
    private volatile long loadedAtMillis;
    private FileTime lastModified;
    private byte[] lastContent;

    public AclFile(Path path, String serverName, Clock clock, long checkIntervalMillis, FaultRegistry faults) {
        this.path = path;
        this.faults = faults;
        this.clock = clock;
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
        loads++;
        loadedAtMillis = clock.currentTimeMillis();
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
        check(false);
    }

    /**
     * @param force compare the content even when the modification time did not change (file time stamps are as
     *              coarse as a clock tick, so a write just after a read may keep the time stamp)
     */
    private void check(boolean force) throws IOException {
        FileTime mtime;
        byte[] content;
        try {
            mtime = Files.getLastModifiedTime(path);
            if (!force && mtime.equals(lastModified)) {
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
        loads++;
        loadedAtMillis = clock.currentTimeMillis();
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

    /**
     * Replaces the file with {@code next} (atomically, owner-only) and takes it into use before returning, on the
     * watcher thread when it runs (it alone owns the file state), so the next request is judged by the new rules.
     * Callers serialize their read-modify-write themselves.
     *
     * @throws IOException when the file cannot be written or re-read in time
     */
    public void replace(AclRules next, long timeoutMillis) throws IOException {
        write(path, next);
        if (!worker.isRunning()) {
            check(true);
            return;
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        worker.execute(() -> {
            try {
                check(true);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        worker.wakeup();
        try {
            done.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reloading " + path, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("ACL file " + path + " was written but not reloaded: " + e, e);
        }
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /** Rule sets taken into use since start (1 after the first read). */
    public long loads() {
        return loads;
    }

    /** Wall-clock time the current rules were taken into use. */
    public long loadedAtMillis() {
        return loadedAtMillis;
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
