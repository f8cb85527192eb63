package io.ferrymq.console.alert;

import java.util.List;

/**
 * One message to the channels: every event of one evaluation round, so alerts that fire together arrive together.
 *
 * @param id        number, unique within the console
 * @param createdAt wall time of the round
 * @param events    firing, repeated and resolved alerts (at least one)
 */
public record Notification(long id, long createdAt, List<AlertEvent> events) {
    public Notification {
        events = List.copyOf(events);
    }

    public long count(AlertEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }
}
