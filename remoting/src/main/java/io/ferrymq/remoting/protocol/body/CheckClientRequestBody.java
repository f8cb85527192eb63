package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * CHECK_CLIENT_CONFIG body: a consumer's (SQL92) subscription to validate before it starts.
 */
public class CheckClientRequestBody {
    private String clientId;
    private String group;
    private SubscriptionData subscriptionData;
    private String namespace;

    public CheckClientRequestBody() {
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public SubscriptionData getSubscriptionData() {
        return subscriptionData;
    }

    public void setSubscriptionData(SubscriptionData subscriptionData) {
        this.subscriptionData = subscriptionData;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CheckClientRequestBody other)) {
            return false;
        }
        return Objects.equals(clientId, other.clientId)
                && Objects.equals(group, other.group)
                && Objects.equals(subscriptionData, other.subscriptionData)
                && Objects.equals(namespace, other.namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, group, subscriptionData, namespace);
    }

    @Override
    public String toString() {
        return "CheckClientRequestBody{" + "clientId=" + clientId + ", group=" + group + ", subscriptionData=" + subscriptionData
                + ", namespace=" + namespace + '}';
    }
}
