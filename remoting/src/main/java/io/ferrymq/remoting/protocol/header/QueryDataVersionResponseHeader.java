package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_DATA_VERSION (322) response header: whether the name server's copy differs.
 *
 * <p>Required: {@code changed}. Handwritten codec, no reflection.
 */
public final class QueryDataVersionResponseHeader implements CommandHeader {
    private boolean changed;

    public QueryDataVersionResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryDataVersionResponseHeader decode(ExtFields f) throws HeaderFieldException {
        QueryDataVersionResponseHeader h = new QueryDataVersionResponseHeader();
        h.changed = f.requireBoolean("changed");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("changed", String.valueOf(changed));
    }

    public boolean changed() {
        return changed;
    }

    public QueryDataVersionResponseHeader changed(boolean changed) {
        this.changed = changed;
        return this;
    }

    @Override
    public String toString() {
        return "QueryDataVersionResponseHeader{" + "changed=" + changed + '}';
    }
}
