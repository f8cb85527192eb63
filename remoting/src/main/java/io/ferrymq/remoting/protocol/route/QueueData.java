package io.ferrymq.remoting.protocol.route;

import java.util.Objects;

/** The queues one broker group (broker name) offers for a topic. JSON body element of {@link TopicRouteData}. */
public class QueueData {
    private String brokerName;
    private int readQueueNums;
    private int writeQueueNums;
    private int perm;
    private int topicSysFlag;

    public QueueData() {
    }

    public QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
        this.brokerName = brokerName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
        this.topicSysFlag = topicSysFlag;
    }

    public QueueData copy() {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag);
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public int getReadQueueNums() {
        return readQueueNums;
    }

    public void setReadQueueNums(int readQueueNums) {
        this.readQueueNums = readQueueNums;
    }

    public int getWriteQueueNums() {
        return writeQueueNums;
    }

    public void setWriteQueueNums(int writeQueueNums) {
        this.writeQueueNums = writeQueueNums;
    }

    public int getPerm() {
        return perm;
    }

    public void setPerm(int perm) {
        this.perm = perm;
    }

    public int getTopicSysFlag() {
        return topicSysFlag;
    }

    public void setTopicSysFlag(int topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QueueData q)) {
            return false;
        }
        return readQueueNums == q.readQueueNums && writeQueueNums == q.writeQueueNums && perm == q.perm
                && topicSysFlag == q.topicSysFlag && Objects.equals(brokerName, q.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag);
    }

    @Override
    public String toString() {
        return "QueueData{brokerName=" + brokerName + ", readQueueNums=" + readQueueNums + ", writeQueueNums="
                + writeQueueNums + ", perm=" + PermName.toString(perm) + ", topicSysFlag=" + topicSysFlag + '}';
    }
}
