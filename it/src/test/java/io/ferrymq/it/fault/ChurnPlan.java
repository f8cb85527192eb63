package io.ferrymq.it.fault;

/**
 * Fault 12's actions for one {@link FaultKind#CHURN} step: every 10 s from its start until its end, in turn, kill -9
 * the oldest member, add a member, SIGSTOP the newest for 5 s, remove the oldest (SIGTERM), add a member. Starting
 * with 3 members the group goes 2, 3, 3, 2, 3, ... so it never empties (a step of 50 s ends with 3 again).
 */
final class ChurnPlan {
    static final long TICK_MILLIS = 10_000;
    static final long STOP_MILLIS = 5_000;

    /** Receives the planned actions (time from the schedule's start, description, body). */
    @FunctionalInterface
    interface Sink {
        void add(long atMillis, String what, Body body);
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private ChurnPlan() {
    }

    static void plan(FaultStep s, ChurnConsumers churn, Sink sink) {
        if (churn == null) {
            throw new IllegalArgumentException("CHURN needs a workload with a churning group "
                    + "(WorkloadOptions.withChurn(); FaultRun turns it on when the schedule has CHURN)");
        }
        int i = 0;
        for (long t = s.atMillis(); t < s.atMillis() + s.forMillis(); t += TICK_MILLIS, i++) {
            switch (i % 5) {
                case 0 -> sink.add(t, "churn: kill -9 the oldest member", churn::kill);
                case 2 -> {
                    String[] stopped = new String[1];
                    sink.add(t, "churn: SIGSTOP the newest member", () -> stopped[0] = churn.stop());
                    sink.add(t + STOP_MILLIS, "churn: SIGCONT the stopped member", () -> {
                        if (stopped[0] != null) {
                            churn.resume(stopped[0]);
                        }
                    });
                }
                case 3 -> sink.add(t, "churn: remove the oldest member (SIGTERM)", churn::remove);
                default -> sink.add(t, "churn: add a member", churn::add);
            }
        }
        // the step's end, so the schedule (and its quiet tail) runs on from there
        sink.add(s.atMillis() + s.forMillis(), "churn over", () -> churn.size());
    }
}
