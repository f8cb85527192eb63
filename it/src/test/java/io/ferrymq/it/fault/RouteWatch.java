package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.it.ha.ProcessCluster.NameServerNode;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Faults 5 and 8's route timings, measured while the schedule goes on: each name server is asked for the run's
 * topic route (GET_ROUTEINFO_BY_TOPIC, what clients route by) every {@value #POLL_MILLIS} ms on a daemon thread of
 * its own, its answers go to a {@link RouteTimeline}, and when the watch ends {@link RouteBounds} turns them into
 * {@link Deadline}s in the {@link History} (so the verdict fails on a missed bound and prints the figure).
 */
final class RouteWatch {
    static final long POLL_MILLIS = 100;
    private static final long QUERY_TIMEOUT_MILLIS = 500;
    /** How long after the undo a watch keeps asking before it records "never". */
    private static final long WATCH_AFTER_UNDO_MILLIS = 3 * RouteBounds.REGISTERED_AGAIN_LIMIT_MILLIS;
    private final FaultCluster cluster;
    private final History history;
    private final String topic;
    private final List<Thread> watches = new ArrayList<>();

    RouteWatch(FaultCluster cluster, History history, String topic) {
        this.cluster = cluster;
        this.history = history;
        this.topic = topic;
    }

    /** A master stopped at {@code stopMillis} (before the SIGSTOP); call {@link Stop#resumed} at its SIGCONT. */
    final class Stop {
        private final AtomicLong contMillis = new AtomicLong(-1);

        /** @param atMillis wall clock taken before the SIGCONT was sent */
        void resumed(long atMillis) {
            contMillis.set(atMillis);
        }
    }

    /**
     * Fault 5: from the SIGSTOP of {@code node} until, after its SIGCONT, every name server routes to it again (or
     * {@link #WATCH_AFTER_UNDO_MILLIS} pass): per name server, route gone within the expiry + 1 s of the stop,
     * back within 6 s of the SIGCONT.
     */
    Stop masterStopped(String node, long stopMillis, long stopForMillis) {
        Stop stop = new Stop();
        String addr = cluster.node(node).address();
        long hardEnd = stopMillis + stopForMillis + WATCH_AFTER_UNDO_MILLIS + 10_000; // the SIGCONT may come late
        for (NameServerNode ns : cluster.cluster.nameServers) {
            RouteTimeline t = new RouteTimeline();
            start("fault-route-watch-" + ns.jvm.name(), ns, route -> route.contains("\"" + addr + "\""), t, () -> {
                long cont = stop.contMillis.get();
                if (cont < 0) {
                    return System.currentTimeMillis() > hardEnd;
                }
                return t.firstAnswer(RouteTimeline.Answer.LISTED, cont, Long.MAX_VALUE) >= 0
                        || System.currentTimeMillis() > cont + WATCH_AFTER_UNDO_MILLIS;
            }, () -> {
                long cont = stop.contMillis.get();
                if (cont < 0) {
                    record(new Deadline(ns.jvm.name() + ": " + node + " not resumed within the watch", -1, 0));
                    return;
                }
                RouteBounds.removedAfterStop(t, ns.jvm.name(), node, stopMillis, cont,
                        ProcessCluster.BROKER_EXPIRED_MILLIS).ifPresentOrElse(this::record,
                        () -> history.event(new FaultEvent(System.currentTimeMillis(), node + " stopped for less "
                                + "than the expiry + 1 s: route removal not measured on " + ns.jvm.name())));
                record(RouteBounds.registeredAfterResume(t, ns.jvm.name(), node, cont, Long.MAX_VALUE));
            });
        }
        return stop;
    }

    /**
     * Fault 8: {@code restarted} name servers, killed at {@code killMillis} and restarted at {@code restartMillis}:
     * each routes to every broker within 6 s of its restart, and every group went on acknowledging sends while
     * they were down ({@link CachedRouteService}).
     */
    void nameServersRestarted(List<NameServerNode> restarted, String target, long killMillis, long restartMillis) {
        List<String> addrs = cluster.cluster.brokers.stream().map(ProcessCluster.BrokerNode::address).toList();
        long end = restartMillis + WATCH_AFTER_UNDO_MILLIS;
        List<Thread> mine = new ArrayList<>();
        for (NameServerNode ns : restarted) {
            RouteTimeline t = new RouteTimeline();
            mine.add(start("fault-route-watch-" + ns.jvm.name(), ns,
                    route -> addrs.stream().allMatch(a -> route.contains("\"" + a + "\"")), t,
                    () -> t.firstAnswer(RouteTimeline.Answer.LISTED, restartMillis, Long.MAX_VALUE) >= 0
                            || System.currentTimeMillis() > end,
                    () -> record(RouteBounds.rebuiltAfterRestart(t, ns.jvm.name(), restartMillis, Long.MAX_VALUE))));
        }
        // Sends are recorded when they return: judged once the rebuild watches ended, seconds after the window.
        Thread serving = new Thread(() -> {
            for (Thread w : mine) {
                join(w);
            }
            for (String g : FaultCluster.GROUPS) {
                record(CachedRouteService.longestGap(history.sends(), g, target + " was down", killMillis,
                        restartMillis));
            }
        }, "fault-cached-route-check");
        serving.setDaemon(true);
        serving.start();
        watches.add(serving);
    }

    private Thread start(String name, NameServerNode ns, Predicate<String> listed, RouteTimeline t,
                         BooleanSupplier done, Runnable atEnd) {
        Thread th = new Thread(() -> {
            while (!done.getAsBoolean()) {
                RouteTimeline.Answer a = ask(ns, listed);
                t.add(System.currentTimeMillis(), a); // when the answer arrived: never early
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
            atEnd.run();
        }, name);
        th.setDaemon(true);
        th.start();
        watches.add(th);
        return th;
    }

    /** One route query to one name server: listed, not listed (no route, or one without it), or no answer. */
    private RouteTimeline.Answer ask(NameServerNode ns, Predicate<String> listed) {
        try {
            RemotingCommand r = cluster.cluster.admin.invokeSync(ns.address(),
                    RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic),
                    QUERY_TIMEOUT_MILLIS);
            if (r.code() == ResponseCode.TOPIC_NOT_EXIST) {
                return RouteTimeline.Answer.NOT_LISTED;
            }
            if (r.code() != ResponseCode.SUCCESS || r.body() == null) {
                return RouteTimeline.Answer.NO_ANSWER;
            }
            return listed.test(new String(r.body(), StandardCharsets.UTF_8)) ? RouteTimeline.Answer.LISTED
                    : RouteTimeline.Answer.NOT_LISTED;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return RouteTimeline.Answer.NO_ANSWER; // down or still starting: says nothing either way
        }
    }

    private void record(Deadline d) {
        history.deadline(d);
        System.out.println("[fault] " + (d.met() ? "" : "MISSED ") + d);
    }

    /** Joins every watch (each ends by itself within its watch time). */
    void awaitAll() throws InterruptedException {
        for (Thread t : new ArrayList<>(watches)) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        watches.clear();
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
