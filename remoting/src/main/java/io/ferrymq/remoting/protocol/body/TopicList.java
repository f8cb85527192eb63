package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * List of topic names ({"topicList":[...]}) answered by the name server's topic-list requests.
 */
public class TopicList {
    private Set<String> topicList = new HashSet<>();
    /** Optional; absent in our answers. */
    private String brokerAddr;

    public TopicList() {
    }

    public TopicList(java.util.Collection<String> topics) {
        this.topicList = new HashSet<>(topics);
    }

    public Set<String> getTopicList() {
        return topicList;
    }

    public void setTopicList(Set<String> topicList) {
        this.topicList = topicList;
    }

    public String getBrokerAddr() {
        return brokerAddr;
    }

    public void setBrokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicList other)) {
            return false;
        }
        return Objects.equals(topicList, other.topicList)
                && Objects.equals(brokerAddr, other.brokerAddr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicList, brokerAddr);
    }

    @Override
    public String toString() {
        return "TopicList{" + "topicList=" + topicList + ", brokerAddr=" + brokerAddr + '}';
    }
}
