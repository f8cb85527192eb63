package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** GET_ALL_PRODUCER_INFO (328) body ({@code mqadmin producer}): producer group → its connected instances. */
public class ProducerTableInfo {
    private Map<String, List<ProducerInfo>> data = new HashMap<>();

    public Map<String, List<ProducerInfo>> getData() {
        return data;
    }

    public void setData(Map<String, List<ProducerInfo>> data) {
        this.data = data;
    }

    /** One connected producer instance. */
    public static class ProducerInfo {
        private String clientId;
        private String remoteIP;
        private String language;
        private int version;
        private long lastUpdateTimestamp;

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getRemoteIP() {
            return remoteIP;
        }

        public void setRemoteIP(String remoteIP) {
            this.remoteIP = remoteIP;
        }

        public String getLanguage() {
            return language;
        }

        public void setLanguage(String language) {
            this.language = language;
        }

        public int getVersion() {
            return version;
        }

        public void setVersion(int version) {
            this.version = version;
        }

        public long getLastUpdateTimestamp() {
            return lastUpdateTimestamp;
        }

        public void setLastUpdateTimestamp(long lastUpdateTimestamp) {
            this.lastUpdateTimestamp = lastUpdateTimestamp;
        }
    }

    /** Convenience for building: the list of {@code group}, created when absent. */
    public List<ProducerInfo> group(String group) {
        return data.computeIfAbsent(group, g -> new ArrayList<>());
    }
}
