package io.ferrymq.console.alert;

/** How urgent a rule's alerts are; shown in the UI and notifications. */
public enum Severity {
    WARNING, CRITICAL
}
