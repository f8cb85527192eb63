package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;

/**
 * QUERY_CONSUME_QUEUE answer: the queue's index range, the requested entries, and (when a consumer group was
 * named) that group's subscription and a description of its filter.
 */
public class QueryConsumeQueueResponseBody {
    private SubscriptionData subscriptionData;
    private String filterData;
    private List<ConsumeQueueData> queueData = new ArrayList<>();
    private long maxQueueIndex;
    private long minQueueIndex;

    public SubscriptionData getSubscriptionData() {
        return subscriptionData;
    }

    public void setSubscriptionData(SubscriptionData subscriptionData) {
        this.subscriptionData = subscriptionData;
    }

    public String getFilterData() {
        return filterData;
    }

    public void setFilterData(String filterData) {
        this.filterData = filterData;
    }

    public List<ConsumeQueueData> getQueueData() {
        return queueData;
    }

    public void setQueueData(List<ConsumeQueueData> queueData) {
        this.queueData = queueData;
    }

    public long getMaxQueueIndex() {
        return maxQueueIndex;
    }

    public void setMaxQueueIndex(long maxQueueIndex) {
        this.maxQueueIndex = maxQueueIndex;
    }

    public long getMinQueueIndex() {
        return minQueueIndex;
    }

    public void setMinQueueIndex(long minQueueIndex) {
        this.minQueueIndex = minQueueIndex;
    }
}
