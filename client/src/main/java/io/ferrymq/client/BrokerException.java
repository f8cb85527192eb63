package io.ferrymq.client;

import io.ferrymq.remoting.protocol.ResponseCode;

/**
 * A broker or name server answered a request with an error code. Carries the server (broker name when known,
 * and address), the topic concerned, the response code and the server's remark.
 */
public class BrokerException extends ClientException {
    private final String brokerName;
    private final String address;
    private final String topic;
    private final int code;
    private final String remark;

    public BrokerException(String operation, String brokerName, String address, String topic, int code,
                           String remark) {
        super(operation + " failed on " + (brokerName == null ? "" : brokerName + " ") + "[" + address + "]"
            + (topic == null ? "" : " for topic " + topic) + ": code " + code + " (" + codeName(code) + ")"
            + (remark == null || remark.isEmpty() ? "" : ", " + remark), isRetriableCode(code));
        this.brokerName = brokerName;
        this.address = address;
        this.topic = topic;
        this.code = code;
        this.remark = remark;
    }

    /** Broker group name, or null for name-server calls and when not known. */
    public String brokerName() {
        return brokerName;
    }

    /** Address ("ip:port") of the server that answered. */
    public String address() {
        return address;
    }

    /** Topic of the failed operation, or null. */
    public String topic() {
        return topic;
    }

    /** Response code ({@link ResponseCode}). */
    public int code() {
        return code;
    }

    /** Remark from the server, or null. */
    public String remark() {
        return remark;
    }

    /** Codes for which a producer tries another broker (as the official client does). */
    public static boolean isRetriableCode(int code) {
        return code == ResponseCode.TOPIC_NOT_EXIST || code == ResponseCode.SERVICE_NOT_AVAILABLE
            || code == ResponseCode.SYSTEM_ERROR || code == ResponseCode.SYSTEM_BUSY
            || code == ResponseCode.NO_PERMISSION || code == ResponseCode.NO_BUYER_ID
            || code == ResponseCode.NOT_IN_CURRENT_UNIT || code == ResponseCode.GO_AWAY;
    }

    static String codeName(int code) {
        for (java.lang.reflect.Field f : ResponseCode.class.getFields()) {
            try {
                if (f.getType() == int.class && f.getInt(null) == code) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                // public static field: cannot happen
            }
        }
        return "UNKNOWN";
    }
}
