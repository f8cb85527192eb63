package io.ferrymq.console.alert.notify;

import io.ferrymq.console.alert.Notification;

/** Where notifications go: mail, a webhook. Called on the notification worker's thread only. */
public interface Channel {
    /** A short name for the UI and history, e.g. {@code email} or {@code webhook http://host/path}. */
    String name();

    /**
     * Delivers one notification or throws saying why it could not (the dispatcher retries with backoff). Must not
     * block longer than its configured timeout.
     */
    void send(Notification n) throws Exception;
}
