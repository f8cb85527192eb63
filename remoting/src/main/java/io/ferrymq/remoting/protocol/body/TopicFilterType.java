package io.ferrymq.remoting.protocol.body;

/** Topic filter type of a topic config. Wire names. */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG
}
