package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

/**
 * Broadcasting offsets, kept in a local file {@code <dir>/<group>/offsets.txt} (or
 * {@code <dir>/<group>/<instanceName>/offsets.txt} when an instance name is configured) with one line per queue:
 * {@code topic<TAB>brokerName<TAB>queueId<TAB>offset}. Written atomically (temp file + rename). Thread-safe.
 */
public final class FileOffsetStore implements OffsetStore {
    private final Path file;
    private final OffsetTable offsets = new OffsetTable();

    public FileOffsetStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void load() {
        offsets.clear();
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    offsets.put(new MessageQueue(f[0], f[1], Integer.parseInt(f[2])), Long.parseLong(f[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new ClientException("cannot read broadcast offsets from " + file + ": " + e.getMessage()
                + "; fix or delete the file", e, false);
        }
    }

    @Override
    public void update(MessageQueue q, long offset, boolean increaseOnly) {
        offsets.update(q, offset, increaseOnly);
    }

    @Override
    public long readMemory(MessageQueue q) {
        return offsets.read(q);
    }

    @Override
    public long readStore(MessageQueue q) {
        return readMemory(q);
    }

    @Override
    public long fetchCommitted(MessageQueue q) {
        return readMemory(q);
    }

    @Override
    public void persistAll(Set<MessageQueue> queues) {
        write();
    }

    @Override
    public void persist(MessageQueue q) {
        write();
    }

    private synchronized void write() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<MessageQueue, Long> e : offsets.sorted().entrySet()) {
            MessageQueue q = e.getKey();
            sb.append(q.topic()).append('\t').append(q.brokerName()).append('\t').append(q.queueId()).append('\t')
                .append(e.getValue()).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ClientException("cannot write broadcast offsets to " + file + ": " + e.getMessage(), e, true);
        }
    }

    @Override
    public void remove(MessageQueue q) {
        // keep the offset: a broadcast consumer that gets the queue back resumes from it
    }

    @Override
    public Map<MessageQueue, Long> snapshot() {
        return offsets.snapshot();
    }
}
