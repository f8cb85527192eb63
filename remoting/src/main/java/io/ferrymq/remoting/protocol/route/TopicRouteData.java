package io.ferrymq.remoting.protocol.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Route of one topic as the name server answers GET_ROUTEINFO_BY_TOPIC (docs/protocol.md 4.1): the queues each broker
 * group offers and the addresses of those groups.
 *
 * <p>Invariants the official client relies on: {@code queueDatas} and {@code brokerDatas} are never null;
 * {@code filterServerTable} is written as {@code {}}; {@code topicQueueMappingByBroker} is deliberately absent
 * (a non-empty one switches the client to static-topic logic).
 */
public class TopicRouteData {
    private String orderTopicConf;
    private List<QueueData> queueDatas = new ArrayList<>();
    private List<BrokerData> brokerDatas = new ArrayList<>();
    private Map<String, List<String>> filterServerTable = new HashMap<>();

    public TopicRouteData() {
    }

    public TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
        this.queueDatas = queueDatas;
        this.brokerDatas = brokerDatas;
    }

    /** A deep copy. */
    public TopicRouteData copy() {
        TopicRouteData c = new TopicRouteData();
        c.orderTopicConf = orderTopicConf;
        if (queueDatas != null) {
            for (QueueData q : queueDatas) {
                c.queueDatas.add(q.copy());
            }
        }
        if (brokerDatas != null) {
            for (BrokerData b : brokerDatas) {
                c.brokerDatas.add(b.copy());
            }
        }
        if (filterServerTable != null) {
            filterServerTable.forEach((k, v) -> c.filterServerTable.put(k, new ArrayList<>(v)));
        }
        return c;
    }

    public String getOrderTopicConf() {
        return orderTopicConf;
    }

    public void setOrderTopicConf(String orderTopicConf) {
        this.orderTopicConf = orderTopicConf;
    }

    public List<QueueData> getQueueDatas() {
        return queueDatas;
    }

    public void setQueueDatas(List<QueueData> queueDatas) {
        this.queueDatas = queueDatas;
    }

    public List<BrokerData> getBrokerDatas() {
        return brokerDatas;
    }

    public void setBrokerDatas(List<BrokerData> brokerDatas) {
        this.brokerDatas = brokerDatas;
    }

    public Map<String, List<String>> getFilterServerTable() {
        return filterServerTable;
    }

    public void setFilterServerTable(Map<String, List<String>> filterServerTable) {
        this.filterServerTable = filterServerTable;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicRouteData t)) {
            return false;
        }
        return Objects.equals(orderTopicConf, t.orderTopicConf) && Objects.equals(queueDatas, t.queueDatas)
                && Objects.equals(brokerDatas, t.brokerDatas) && Objects.equals(filterServerTable, t.filterServerTable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderTopicConf, queueDatas, brokerDatas, filterServerTable);
    }

    @Override
    public String toString() {
        return "TopicRouteData{orderTopicConf=" + orderTopicConf + ", queueDatas=" + queueDatas + ", brokerDatas="
                + brokerDatas + '}';
    }
}
