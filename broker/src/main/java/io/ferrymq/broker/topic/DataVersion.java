package io.ferrymq.broker.topic;

/** Version stamp of the topic table sent with every registration (RocketMQ {@code DataVersion}). Immutable. */
public record DataVersion(long stateVersion, long timestamp, long counter) {
    public DataVersion next(long now) {
        return new DataVersion(stateVersion, now, counter + 1);
    }
}
