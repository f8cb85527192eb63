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
    DELETE_STORE,
    /** [7] Drop every packet going into the node for the duration, let its own out (root only). A slave: no-ack. */
    PARTITION_IN,
    /** [7] Drop every packet the node sends for the duration, let packets in (root only). A slave: no-ack. */
    PARTITION_OUT,
    /** [9] Bursts of packet loss on the node's link for the duration ({@link FlakyLink}; root only). */
    FLAKY,
    /** [9] The node's link limited to 1 Mbit/s both ways for the duration (tc tbf; root only). */
    SLOW_LINK,
    /** [9] 200 ms added each way on the node's replication link by the {@link DelayProxy} for the duration. */
    DELAY,
    /**
     * [12] Consumer churn in the workload's churning group (target {@code consumers}): every 10 s of the duration,
     * in turn, kill -9 a member, add one, SIGSTOP one for 5 s, remove one (SIGTERM), add one.
     */
    CHURN
}
