package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * A producer group a client reports in its heartbeat ({"groupName":"PG"}).
 */
public class ProducerData {
    private String groupName;

    public ProducerData() {
    }

    public ProducerData(String groupName) {
        this.groupName = groupName;
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = groupName;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProducerData other)) {
            return false;
        }
        return Objects.equals(groupName, other.groupName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName);
    }

    @Override
    public String toString() {
        return "ProducerData{" + "groupName=" + groupName + '}';
    }
}
