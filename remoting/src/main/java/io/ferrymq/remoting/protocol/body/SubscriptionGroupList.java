package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST (225) body ({@code mqadmin updateSubGroupList}): several subscription
 * group configs at once.
 */
public class SubscriptionGroupList {
    private List<SubscriptionGroupConfig> groupConfigList = new ArrayList<>();

    public List<SubscriptionGroupConfig> getGroupConfigList() {
        return groupConfigList;
    }

    public void setGroupConfigList(List<SubscriptionGroupConfig> groupConfigList) {
        this.groupConfigList = groupConfigList;
    }
}
