package io.ferrymq.it.fault;

/** The faults a {@link FaultSchedule} can inject (issue 15's numbering in brackets). */
public enum FaultKind {
    /** [1] SIGKILL a broker; restarted after the step's duration (not restarted when it is 0). */
    KILL9,
    /** [2] SIGTERM a broker (its shutdown hook drains in-flight sends); restarted after the duration. */
    SIGTERM,
    /** [5, 6] SIGSTOP a broker for the duration, then SIGCONT. A stopped slave opens a {@link NoAckWindow}. */
    SIGSTOP,
    /** [13] A rogue peer on the master's replication port claiming an offset beyond the master's end. */
    ROGUE_PEER,
    /** [8] SIGKILL a name server ({@code namesrv-N}) or all ({@code namesrv-all}); restarted after the duration. */
    KILL_NAMESERVER,
    /**
     * [7] Cut the node's network link both ways for the duration (root only: the node runs in a network namespace).
     * A partitioned slave opens a {@link NoAckWindow}.
     */
    PARTITION,
    /** [3] SIGKILL a master and delete its store; restarted empty after the duration. */
    DELETE_STORE
}
