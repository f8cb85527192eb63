package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_TOPICS_BY_CLUSTER (224) request header.
 *
 * <p>Required: {@code cluster}. Handwritten codec, no reflection.
 */
public final class GetTopicsByClusterRequestHeader implements CommandHeader {
    private String cluster;

    public GetTopicsByClusterRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetTopicsByClusterRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetTopicsByClusterRequestHeader h = new GetTopicsByClusterRequestHeader();
        h.cluster = f.requireString("cluster");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (cluster != null) {
            ext.put("cluster", cluster);
        }
    }

    public String cluster() {
        return cluster;
    }

    public GetTopicsByClusterRequestHeader cluster(String cluster) {
        this.cluster = cluster;
        return this;
    }

    @Override
    public String toString() {
        return "GetTopicsByClusterRequestHeader{" + "cluster=" + cluster + '}';
    }
}
