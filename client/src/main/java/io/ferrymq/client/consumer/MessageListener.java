package io.ferrymq.client.consumer;

/** Marker of the two listener kinds a {@link PushConsumer} accepts. */
public sealed interface MessageListener permits MessageListenerConcurrently, MessageListenerOrderly {
}
