package io.ferrymq.store;

/**
 * Called by the dispatch thread after a message is in its consume queue (so a read will find it). Must return
 * quickly and not block (e.g. wake parked long-polling pulls on another executor); exceptions are logged and
 * counted, never propagated.
 */
@FunctionalInterface
public interface DispatchListener {
    void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp);
}
