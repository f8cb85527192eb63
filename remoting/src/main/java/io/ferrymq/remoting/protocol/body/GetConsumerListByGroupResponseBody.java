package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GET_CONSUMER_LIST_BY_GROUP answer: exact clientIDs of the group's live consumers.
 */
public class GetConsumerListByGroupResponseBody {
    private List<String> consumerIdList = new ArrayList<>();

    public GetConsumerListByGroupResponseBody() {
    }

    public GetConsumerListByGroupResponseBody(List<String> consumerIdList) {
        this.consumerIdList = consumerIdList;
    }

    public List<String> getConsumerIdList() {
        return consumerIdList;
    }

    public void setConsumerIdList(List<String> consumerIdList) {
        this.consumerIdList = consumerIdList;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GetConsumerListByGroupResponseBody other)) {
            return false;
        }
        return Objects.equals(consumerIdList, other.consumerIdList);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumerIdList);
    }

    @Override
    public String toString() {
        return "GetConsumerListByGroupResponseBody{" + "consumerIdList=" + consumerIdList + '}';
    }
}
