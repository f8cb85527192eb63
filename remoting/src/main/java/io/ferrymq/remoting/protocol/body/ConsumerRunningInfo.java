package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * GET_CONSUMER_RUNNING_INFO answer (client to broker to admin), minimal: the client's properties, its
 * subscriptions and optionally a thread dump. Other official fields (mqTable, statusTable...) are ignored when
 * parsing.
 */
public class ConsumerRunningInfo {
    private Map<String, String> properties = new TreeMap<>();
    private Set<SubscriptionData> subscriptionSet = new HashSet<>();
    private String jstack;

    public ConsumerRunningInfo() {
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public Set<SubscriptionData> getSubscriptionSet() {
        return subscriptionSet;
    }

    public void setSubscriptionSet(Set<SubscriptionData> subscriptionSet) {
        this.subscriptionSet = subscriptionSet;
    }

    public String getJstack() {
        return jstack;
    }

    public void setJstack(String jstack) {
        this.jstack = jstack;
    }

    @Override
    public String toString() {
        return "ConsumerRunningInfo{" + "properties=" + properties + ", subscriptionSet=" + subscriptionSet + ", jstack=" + jstack + '}';
    }
}
