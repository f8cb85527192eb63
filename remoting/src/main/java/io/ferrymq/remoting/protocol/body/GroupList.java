package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * QUERY_TOPIC_CONSUME_BY_WHO answer: {"groupList":[...]}.
 */
public class GroupList {
    private HashSet<String> groupList = new HashSet<>();

    public GroupList() {
    }

    public HashSet<String> getGroupList() {
        return groupList;
    }

    public void setGroupList(HashSet<String> groupList) {
        this.groupList = groupList;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GroupList other)) {
            return false;
        }
        return Objects.equals(groupList, other.groupList);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupList);
    }

    @Override
    public String toString() {
        return "GroupList{" + "groupList=" + groupList + '}';
    }
}
