package io.ferrymq.broker.persist;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.store.AtomicFileStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One of the broker's state files (topics, subscription groups, consumer offsets, delay progress): JSON,
 * replaced atomically ({@link AtomicFileStore}), so a crash leaves the old or the new content, never a mix.
 * Writers must be serialised by the owner; see each owner's javadoc.
 */
public final class JsonFile {
    private final AtomicFileStore file;

    public JsonFile(Path path) {
        this.file = new AtomicFileStore(path);
    }

    public Path path() {
        return file.path();
    }

    /** The parsed content, or empty when the file does not exist. */
    public <T> Optional<T> read(Type type) {
        try {
            Optional<byte[]> bytes = file.read();
            if (bytes.isEmpty() || bytes.get().length == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(JSON.parseObject(new String(bytes.get(), StandardCharsets.UTF_8), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot parse " + file.path() + " (" + e.getMessage()
                    + "); fix or remove the file", e);
        }
    }

    /** Durably replaces the content. */
    public void write(Object value) throws IOException {
        file.write(JSON.toJSONBytes(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteNonStringKeyAsString));
    }
}
