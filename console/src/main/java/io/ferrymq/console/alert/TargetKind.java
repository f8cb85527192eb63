package io.ferrymq.console.alert;

/** What an alert is about: a consumer group, one broker (master or slave), or a broker group (master and slaves). */
public enum TargetKind {
    GROUP, BROKER, BROKER_GROUP
}
