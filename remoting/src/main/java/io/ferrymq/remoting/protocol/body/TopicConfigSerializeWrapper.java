package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * A broker's topic configs with their version: part of the REGISTER_BROKER body and the GET_ALL_TOPIC_CONFIG
 * answer (docs/protocol.md 4.4). Carries the (empty) static-topic mapping fields of the 5.x form so that official
 * peers see the shape they expect; FerryMQ never fills them.
 */
public class TopicConfigSerializeWrapper {
    private Map<String, TopicConfig> topicConfigTable = new HashMap<>();
    private DataVersion dataVersion = new DataVersion();
    private DataVersion mappingDataVersion = new DataVersion();
    private Map<String, Object> topicQueueMappingInfoMap = new HashMap<>();
    private Map<String, Object> topicQueueMappingDetailMap = new HashMap<>();

    public TopicConfigSerializeWrapper() {
    }

    public TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
        this.topicConfigTable = topicConfigTable;
        this.dataVersion = dataVersion;
    }

    public Map<String, TopicConfig> getTopicConfigTable() {
        return topicConfigTable;
    }

    public void setTopicConfigTable(Map<String, TopicConfig> topicConfigTable) {
        this.topicConfigTable = topicConfigTable;
    }

    public DataVersion getDataVersion() {
        return dataVersion;
    }

    public void setDataVersion(DataVersion dataVersion) {
        this.dataVersion = dataVersion;
    }

    public DataVersion getMappingDataVersion() {
        return mappingDataVersion;
    }

    public void setMappingDataVersion(DataVersion mappingDataVersion) {
        this.mappingDataVersion = mappingDataVersion;
    }

    public Map<String, Object> getTopicQueueMappingInfoMap() {
        return topicQueueMappingInfoMap;
    }

    public void setTopicQueueMappingInfoMap(Map<String, Object> topicQueueMappingInfoMap) {
        this.topicQueueMappingInfoMap = topicQueueMappingInfoMap;
    }

    public Map<String, Object> getTopicQueueMappingDetailMap() {
        return topicQueueMappingDetailMap;
    }

    public void setTopicQueueMappingDetailMap(Map<String, Object> topicQueueMappingDetailMap) {
        this.topicQueueMappingDetailMap = topicQueueMappingDetailMap;
    }

    @Override
    public String toString() {
        return "TopicConfigSerializeWrapper{dataVersion=" + dataVersion + ", topics=" + topicConfigTable.keySet()
                + '}';
    }
}
