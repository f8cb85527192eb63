package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;

/** UPDATE_AND_CREATE_TOPIC_LIST (18) body ({@code mqadmin updateTopicList}): several topic configs at once. */
public class CreateTopicListRequestBody {
    private List<TopicConfig> topicConfigList = new ArrayList<>();

    public List<TopicConfig> getTopicConfigList() {
        return topicConfigList;
    }

    public void setTopicConfigList(List<TopicConfig> topicConfigList) {
        this.topicConfigList = topicConfigList;
    }
}
