package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ChildJvm;
import io.ferrymq.it.ha.NetNs;
import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link FaultSchedule} against a {@link FaultCluster}: each step's start and its undo are actions at
 * fixed times from the start, run in time order on the calling thread (an action that takes long, such as a restart
 * waiting for registration, delays the ones after it; the times actually reached are recorded). Every action is
 * written to the {@link History} as a {@link FaultEvent}; a stopped slave adds a {@link NoAckWindow} for its group.
 */
final class ScheduleRunner {
    private final FaultCluster cluster;
    private final History history;
    private final List<RoguePeer> rogues = new ArrayList<>();
    private final List<AutoCloseable> flaky = new ArrayList<>();
    private final ChurnConsumers churn;
    private final LinkWatch watch;
    private final RouteWatch routes;

    private record Action(long atMillis, String what, Step body) {
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * @param topic the run's topic, whose route {@link RouteWatch} follows on each name server (faults 5 and 8)
     * @param churn the workload's churning group ({@link FaultKind#CHURN} needs one), or null
     */
    ScheduleRunner(FaultCluster cluster, History history, String topic, ChurnConsumers churn) {
        this.cluster = cluster;
        this.history = history;
        this.churn = churn;
        this.watch = new LinkWatch(cluster, history);
        this.routes = new RouteWatch(cluster, history, topic);
    }

    /**
     * Runs every step and its undo; returns, once the last one is done and every measurement has ended, the wall
     * clock at which the schedule's time 0 was. Anything left broken is healed.
     */
    long play(FaultSchedule schedule) throws Exception {
        long startMillis = System.currentTimeMillis();
        history.event(new FaultEvent(startMillis, "schedule: " + schedule));
        List<Action> actions = new ArrayList<>();
        for (FaultStep s : schedule.steps()) {
            plan(s, actions);
        }
        actions.sort(Comparator.comparingLong(Action::atMillis));
        long start = System.nanoTime();
        try {
            for (Action a : actions) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(a.atMillis);
                while (System.nanoTime() < due) { // the schedule's clock, not a wait for a condition
                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
                }
                a.body.run();
                history.event(new FaultEvent(System.currentTimeMillis(), a.what));
                System.out.printf("[fault] t=+%.1f s %s%n", (System.nanoTime() - start) / 1e9, a.what);
            }
        } finally {
            for (RoguePeer r : rogues) {
                r.close();
            }
            rogues.clear();
            for (AutoCloseable f : flaky) {
                f.close();
            }
            flaky.clear();
        }
        watch.awaitAll();
        routes.awaitAll();
        return startMillis;
    }

    private void plan(FaultStep s, List<Action> actions) {
        long at = s.atMillis();
        long until = s.atMillis() + s.forMillis();
        switch (s.kind()) {
            case KILL9 -> {
                BrokerNode b = cluster.node(s.target());
                actions.add(new Action(at, "kill -9 " + s.target(), () -> b.jvm.kill9()));
                restartLater(s, b, until, actions);
            }
            case SIGTERM -> {
                BrokerNode b = cluster.node(s.target());
                actions.add(new Action(at, "SIGTERM " + s.target() + " (exited)", () -> b.jvm.stop()));
                restartLater(s, b, until, actions);
            }
            case DELETE_STORE -> {
                BrokerNode b = cluster.node(s.target());
                actions.add(new Action(at, "kill -9 " + s.target() + " and delete its store", () -> {
                    b.jvm.kill9();
                    FaultCluster.deleteStore(b);
                }));
                restartLater(s, b, until, actions);
            }
            case SIGSTOP -> {
                ChildJvm jvm = jvmOf(s.target());
                long[] stoppedAt = new long[1];
                RouteWatch.Stop[] stop = new RouteWatch.Stop[1];
                actions.add(new Action(at, "SIGSTOP " + s.target(), () -> {
                    long stopAt = System.currentTimeMillis(); // before the signal: the route timings never flatter
                    cluster.pause(jvm);
                    stoppedAt[0] = System.currentTimeMillis();
                    if (isMaster(s.target())) { // fault 5: route gone within expiry + 1 s, back within 6 s
                        stop[0] = routes.masterStopped(s.target(), stopAt, s.forMillis());
                    }
                }));
                actions.add(new Action(until, "SIGCONT " + s.target(), () -> {
                    long contAt = System.currentTimeMillis();
                    cluster.resume(jvm);
                    if (stop[0] != null) {
                        stop[0].resumed(contAt);
                    }
                    if (s.target().endsWith("-1")) { // a slave: its group can replicate nothing meanwhile
                        history.noAck(new NoAckWindow(s.target().substring(0, s.target().length() - 2), stoppedAt[0],
                                contAt, "SIGSTOP " + s.target()));
                    }
                }));
            }
            case PARTITION -> partition(s, "link down both ways", () -> cluster.partition(s.target()), actions);
            case PARTITION_IN -> partition(s, "packets into it dropped",
                    () -> cluster.link(s.target()).dropOneWay(NetNs.Direction.INTO_NAMESPACE), actions);
            case PARTITION_OUT -> partition(s, "packets from it dropped",
                    () -> cluster.link(s.target()).dropOneWay(NetNs.Direction.OUT_OF_NAMESPACE), actions);
            case FLAKY -> {
                FlakyLink[] link = new FlakyLink[1];
                actions.add(new Action(at, "flaky link of " + s.target() + " (100-400 ms of loss every second, seed "
                        + at + ")", () -> {
                            link[0] = new FlakyLink(cluster.link(s.target()), at);
                            flaky.add(link[0]);
                        }));
                actions.add(new Action(until, "flaky link of " + s.target() + " cleared", () -> {
                    link[0].close();
                    flaky.remove(link[0]);
                    caughtUp(s, "clearing the flaky link");
                    history.event(new FaultEvent(System.currentTimeMillis(), link[0].bursts() + " loss bursts on "
                            + s.target() + "'s link"));
                }));
            }
            case SLOW_LINK -> {
                actions.add(new Action(at, "link of " + s.target() + " limited to 1 Mbit/s",
                        () -> cluster.link(s.target()).limitRate(1024)));
                actions.add(new Action(until, "link of " + s.target() + " unlimited", () -> {
                    cluster.link(s.target()).clearQdiscs();
                    caughtUp(s, "lifting the rate limit");
                }));
            }
            case DELAY -> {
                actions.add(new Action(at, "replication of " + s.target() + " delayed 200 ms each way",
                        () -> cluster.replicationProxy(s.target()).delayMillis(200)));
                actions.add(new Action(until, "replication of " + s.target() + " undelayed", () -> {
                    cluster.replicationProxy(s.target()).delayMillis(0);
                    caughtUp(s, "removing the delay");
                }));
            }
            case CHURN -> ChurnPlan.plan(s, churn, (when, what, body) -> actions.add(new Action(when, what,
                    body::run)));
            case ROGUE_PEER -> {
                BrokerNode master = cluster.node(s.target());
                RoguePeer[] peer = new RoguePeer[1];
                actions.add(new Action(at, "rogue replication peer on " + s.target() + " claiming 1 GiB beyond its end",
                        () -> {
                            peer[0] = new RoguePeer(cluster.cluster, master);
                            rogues.add(peer[0]);
                        }));
                actions.add(new Action(until, "rogue replication peer gone", () -> {
                    peer[0].close();
                    rogues.remove(peer[0]);
                    Map<String, Integer> answers = peer[0].answers();
                    history.event(new FaultEvent(System.currentTimeMillis(), "the master answered the rogue peer: "
                            + answers));
                }));
            }
            case KILL_NAMESERVER -> {
                List<ProcessCluster.NameServerNode> nodes = cluster.nameServerNodes(s.target());
                long[] killedAt = new long[1];
                actions.add(new Action(at, "kill -9 " + s.target(), () -> {
                    nodes.forEach(n -> n.jvm.kill9());
                    killedAt[0] = System.currentTimeMillis();
                }));
                if (s.forMillis() > 0) {
                    actions.add(new Action(until, "restart " + s.target(), () -> {
                        long restartAt = System.currentTimeMillis(); // before the JVMs start: includes their start-up
                        for (ProcessCluster.NameServerNode n : nodes) {
                            n.jvm.start();
                        }
                        // fault 8: every group served meanwhile; each routes to every broker within 6 s
                        routes.nameServersRestarted(nodes, s.target(), killedAt[0], restartAt);
                    }));
                }
            }
        }
    }

    /** A cut of the namespaced node's link (both ways or one), with fault 7's timings measured. */
    private void partition(FaultStep s, String how, Step cut, List<Action> actions) {
        long[] cutAt = new long[1];
        String what = "partition " + s.target() + " (" + how + ")";
        actions.add(new Action(s.atMillis(), what, () -> {
            cut.run();
            cutAt[0] = System.currentTimeMillis();
            watch.routeRemoved(s.target(), what, s.forMillis());
        }));
        actions.add(new Action(s.atMillis() + s.forMillis(), "healed " + s.target(), () -> {
            long healedAt = System.currentTimeMillis();
            cluster.healPartition(s.target());
            if (s.target().endsWith("-1")) {
                history.noAck(new NoAckWindow(s.target().substring(0, s.target().length() - 2), cutAt[0], healedAt,
                        what));
            }
            caughtUp(s, "healing the partition");
        }));
    }

    /** After a link fault of a slave: its replication lag must be back to 0 within 30 s (no permanent stall). */
    private void caughtUp(FaultStep s, String undo) {
        if (s.target().endsWith("-1")) {
            watch.caughtUp(s.target().substring(0, s.target().length() - 2), undo + " of " + s.target());
        }
    }

    private void restartLater(FaultStep s, BrokerNode b, long until, List<Action> actions) {
        if (s.forMillis() > 0) {
            actions.add(new Action(until, "restarted " + s.target() + " (registered)", () -> cluster.restart(b)));
        }
    }

    private static boolean isMaster(String target) {
        return target.startsWith("broker-") && target.endsWith("-0");
    }

    private ChildJvm jvmOf(String target) {
        return target.startsWith("namesrv-") ? cluster.nameServers(target).get(0) : cluster.node(target).jvm;
    }
}
