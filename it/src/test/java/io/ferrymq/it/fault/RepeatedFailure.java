package io.ferrymq.it.fault;

/**
 * Records a run of identical failures of one operation as two events, its first occurrence and, once it succeeds
 * again or the message changes, how many times it repeated (a loop failing every few ms would flood the history).
 * Used by one thread only (the lite-poll loop).
 */
final class RepeatedFailure {
    private final History history;
    private final String operation;
    private String message;
    private int repeats;

    RepeatedFailure(History history, String operation) {
        this.history = history;
        this.operation = operation;
    }

    void failed(RuntimeException e) {
        String m = e.toString();
        if (m.equals(message)) {
            repeats++;
            return;
        }
        settle();
        message = m;
        history.event(new FaultEvent(System.currentTimeMillis(), operation + " failed: " + m));
    }

    void settle() {
        if (message != null && repeats > 0) {
            history.event(new FaultEvent(System.currentTimeMillis(), operation + " failed " + repeats
                    + " more times the same way"));
        }
        message = null;
        repeats = 0;
    }
}
