package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/**
 * Version of a broker's topic configuration, sent with every registration (docs/protocol.md 4.4). The name server
 * compares it to decide whether anything changed. JSON: {"counter":0,"stateVersion":0,"timestamp":...}. Not
 * thread-safe: the owner (the broker's topic-config component) bumps it under its own lock and sends copies.
 */
public class DataVersion {
    private long stateVersion;
    /** Wall-clock ms of the last change (data, not used for timing). */
    private long timestamp;
    private long counter;

    public DataVersion() {
    }

    public DataVersion(long stateVersion, long timestamp, long counter) {
        this.stateVersion = stateVersion;
        this.timestamp = timestamp;
        this.counter = counter;
    }

    /** A fresh version stamped now. */
    public static DataVersion initial() {
        return new DataVersion(0, System.currentTimeMillis(), 0);
    }

    /** Marks a change: counter + 1, timestamp = now. */
    public void nextVersion() {
        nextVersion(stateVersion);
    }

    /** Marks a change with a new state version (e.g. a master epoch): counter + 1, timestamp = now. */
    public void nextVersion(long newStateVersion) {
        this.stateVersion = newStateVersion;
        this.timestamp = System.currentTimeMillis();
        this.counter++;
    }

    public DataVersion copy() {
        return new DataVersion(stateVersion, timestamp, counter);
    }

    public long getStateVersion() {
        return stateVersion;
    }

    public void setStateVersion(long stateVersion) {
        this.stateVersion = stateVersion;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    public long getCounter() {
        return counter;
    }

    public void setCounter(long counter) {
        this.counter = counter;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataVersion other)) {
            return false;
        }
        return stateVersion == other.stateVersion
                && timestamp == other.timestamp
                && counter == other.counter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stateVersion, timestamp, counter);
    }

    @Override
    public String toString() {
        return "DataVersion{" + "stateVersion=" + stateVersion + ", timestamp=" + timestamp + ", counter=" + counter + '}';
    }
}
