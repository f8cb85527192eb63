package io.ferrymq.console.history;

import io.ferrymq.common.fault.FaultRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The history kept across restarts: {@code <dataDir>/history/history.bin}, the store's blocks gzip-compressed
 * (the gzip trailer's CRC-32 catches a damaged file). It is written whole to {@code history.bin.tmp}, forced to disk
 * and renamed over the old file, so a crash leaves either the old or the new file, never half of one. A file that
 * cannot be read (damaged, another format, another sample interval) is kept aside as
 * {@code history.bin.unreadable-<time>}, logged with the reason and counted as the fault
 * {@code history.file_unreadable}; the console then starts with an empty history.
 */
public final class HistoryFile {
    private static final Logger log = LoggerFactory.getLogger(HistoryFile.class);
    private static final int MAGIC = 0x46485331; // "FHS1"
    private static final int VERSION = 1;
    private static final int END = 0x454e4421; // "END!"

    private final Path file;
    private final FaultRegistry faults;

    public HistoryFile(Path dataDir, FaultRegistry faults) {
        this.file = dataDir.resolve("history").resolve("history.bin");
        this.faults = faults;
    }

    public Path path() {
        return file;
    }

    /** Writes the whole store (temporary file, forced, renamed over the old one). */
    public void save(HistoryStore store, long now) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Map<SeriesKey, List<SeriesRing.Block>> all = store.blocks();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
            GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(store.intervalMillis());
            out.writeInt(SeriesRing.BLOCK);
            out.writeLong(now);
            out.writeInt(all.size());
            for (Map.Entry<SeriesKey, List<SeriesRing.Block>> e : all.entrySet()) {
                SeriesKey k = e.getKey();
                out.writeUTF(k.set());
                out.writeUTF(k.kind().label());
                out.writeUTF(k.name());
                out.writeUTF(k.metric());
                out.writeInt(e.getValue().size());
                for (SeriesRing.Block b : e.getValue()) {
                    out.writeInt(b.id());
                    out.writeShort(b.values().length);
                    for (float v : b.values()) {
                        out.writeFloat(v);
                    }
                }
            }
            out.writeInt(END);
            out.flush();
            gz.finish(); // the trailer, without closing the channel before it is forced
            raw.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the file into {@code store} (blocks out of retention at {@code now} are left out). Returns the number of
     * series read; 0 when there is no file or it was unreadable (then kept aside, logged and counted).
     */
    public int load(HistoryStore store, long now) {
        if (!Files.exists(file)) {
            return 0;
        }
        Map<SeriesKey, List<SeriesRing.Block>> read = new java.util.HashMap<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 1 << 16)) {
            DataInputStream d = new DataInputStream(in);
            if (d.readInt() != MAGIC) {
                throw new IOException("not a FerryMQ console history file");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new IOException("format version " + version + ", this console reads " + VERSION);
            }
            long interval = d.readLong();
            if (interval != store.intervalMillis()) {
                throw new IOException("sampled every " + interval + " ms, the console now samples every "
                        + store.intervalMillis() + " ms (history.sampleIntervalMillis)");
            }
            if (d.readInt() != SeriesRing.BLOCK) {
                throw new IOException("another block size");
            }
            d.readLong(); // saved at
            int n = d.readInt();
            int oldest = (int) (Math.max(0, now - store.retentionMillis()) / store.intervalMillis() / SeriesRing.BLOCK);
            for (int i = 0; i < n; i++) {
                SeriesKey key = new SeriesKey(d.readUTF(), SeriesKey.Kind.parse(d.readUTF()), d.readUTF(),
                        d.readUTF());
                int blocks = d.readInt();
                List<SeriesRing.Block> list = new ArrayList<>();
                for (int j = 0; j < blocks; j++) {
                    int id = d.readInt();
                    int len = d.readUnsignedShort();
                    if (len == 0 || SeriesRing.BLOCK % len != 0) {
                        throw new IOException("series " + key + ": a block of " + len + " values");
                    }
                    float[] v = new float[len];
                    for (int x = 0; x < len; x++) {
                        v[x] = d.readFloat();
                    }
                    if (id >= oldest) {
                        list.add(new SeriesRing.Block(id, v));
                    }
                }
                if (!list.isEmpty()) {
                    read.put(key, list);
                }
            }
            if (d.readInt() != END) {
                throw new IOException("no end marker");
            }
            while (in.read() >= 0) {
                // reading to the end makes GZIPInputStream check the trailer's CRC-32 and length
            }
        } catch (IOException | RuntimeException e) {
            unreadable(now, e);
            return 0;
        }
        read.forEach(store::restore);
        log.info("history restored from {}: {} series", file, read.size());
        return read.size();
    }

    private void unreadable(long now, Exception e) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + now);
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        faults.record("history.file_unreadable", file + ": " + reason);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.error("history file {} is unreadable ({}); kept as {}; the console starts with an empty history",
                    file, reason, aside);
        } catch (IOException moveFailed) {
            log.error("history file {} is unreadable ({}) and could not be moved aside ({}); the console starts "
                    + "with an empty history and will write over it", file, reason, moveFailed.toString());
        }
    }
}
