package io.ferrymq.client.internal;

/** Told when the route of a watched topic appears or changes. Called on the client's housekeeping thread. */
@FunctionalInterface
public interface RouteListener {
    void onRouteChanged(String topic, TopicRoute route);
}
