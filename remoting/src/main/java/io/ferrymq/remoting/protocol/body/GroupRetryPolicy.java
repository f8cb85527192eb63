package io.ferrymq.remoting.protocol.body;

import java.util.Map;
import java.util.Objects;

/**
 * Retry policy of a subscription group; only its {@code type} is used by FerryMQ (official default
 * {"type":"CUSTOMIZED"}). The policy objects are kept as plain maps so that what an admin tool sends survives a
 * round trip.
 */
public class GroupRetryPolicy {
    /** EXPONENTIAL or CUSTOMIZED. */
    private String type = "CUSTOMIZED";
    private Map<String, Object> exponentialRetryPolicy;
    private Map<String, Object> customizedRetryPolicy;

    public GroupRetryPolicy() {
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Map<String, Object> getExponentialRetryPolicy() {
        return exponentialRetryPolicy;
    }

    public void setExponentialRetryPolicy(Map<String, Object> exponentialRetryPolicy) {
        this.exponentialRetryPolicy = exponentialRetryPolicy;
    }

    public Map<String, Object> getCustomizedRetryPolicy() {
        return customizedRetryPolicy;
    }

    public void setCustomizedRetryPolicy(Map<String, Object> customizedRetryPolicy) {
        this.customizedRetryPolicy = customizedRetryPolicy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GroupRetryPolicy other)) {
            return false;
        }
        return Objects.equals(type, other.type)
                && Objects.equals(exponentialRetryPolicy, other.exponentialRetryPolicy)
                && Objects.equals(customizedRetryPolicy, other.customizedRetryPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, exponentialRetryPolicy, customizedRetryPolicy);
    }

    @Override
    public String toString() {
        return "GroupRetryPolicy{" + "type=" + type + ", exponentialRetryPolicy=" + exponentialRetryPolicy + ", customizedRetryPolicy=" + customizedRetryPolicy + '}';
    }
}
