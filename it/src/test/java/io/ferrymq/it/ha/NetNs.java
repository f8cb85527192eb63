package io.ferrymq.it.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace {@code fmq-<pid>-s} joined to the root namespace by a veth pair: root side
 * {@code 10.231.x.1/30}, namespace side {@code 10.231.x.2/30} (x derived from the pid, skipping subnets in use).
 * Every {@code ip} command runs with a bounded wait.
 */
public final class NetNs implements AutoCloseable {
    /** Namespaces cannot be made here (not a failure of the code under test). */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    public final String name;
    public final String rootDev;
    public final String nsDev;
    public final String rootIp;
    public final String nsIp;
    private boolean closed;

    private NetNs(long pid, int x) {
        this.name = "fmq-" + pid + "-s";
        this.rootDev = "fmq" + pid + "r";
        this.nsDev = "fmq" + pid + "n";
        this.rootIp = "10.231." + x + ".1";
        this.nsIp = "10.231." + x + ".2";
    }

    /** Why namespaces cannot be used (not Linux, not root, no {@code ip}), or null. */
    public static String unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "network namespaces need Linux (os.name=" + System.getProperty("os.name") + ")";
        }
        try {
            String uid = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.split("\\s+")[2]; // effective uid
                }
            }
            if (!"0".equals(uid)) {
                return "network namespaces need root (effective uid " + uid + ")";
            }
        } catch (IOException | RuntimeException e) {
            return "cannot tell the effective uid: " + e;
        }
        Result v = run(List.of("ip", "-V"));
        if (v.exit != 0) {
            return "iproute2's ip is not usable: " + v.output;
        }
        return null;
    }

    public static NetNs create(long pid) throws Unavailable {
        String inUse = run(List.of("ip", "-o", "-4", "addr", "show")).output;
        int first = (int) (pid % 254);
        int x = -1;
        for (int i = 0; i < 254 && x < 0; i++) {
            int candidate = (first + i) % 254 + 1;
            if (!inUse.contains(" 10.231." + candidate + ".")) {
                x = candidate;
            }
        }
        if (x < 0) {
            throw new Unavailable("every 10.231.x.0/30 subnet is in use");
        }
        NetNs n = new NetNs(pid, x);
        // leftovers with our own pid can only come from a dead process that had the same pid
        run(List.of("ip", "link", "del", n.rootDev));
        run(List.of("ip", "netns", "del", n.name));
        Result add = run(List.of("ip", "netns", "add", n.name));
        if (add.exit != 0) {
            throw new Unavailable("cannot create a network namespace: " + add.output.strip());
        }
        try {
            n.must("ip", "link", "add", n.rootDev, "type", "veth", "peer", "name", n.nsDev, "netns", n.name);
            n.must("ip", "addr", "add", n.rootIp + "/30", "dev", n.rootDev);
            n.must("ip", "link", "set", n.rootDev, "up");
            n.inNs("ip", "addr", "add", n.nsIp + "/30", "dev", n.nsDev);
            n.inNs("ip", "link", "set", n.nsDev, "up");
            n.inNs("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** Command words that run a program inside the namespace. */
    public List<String> launcher() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Cuts the link: the namespace side of the veth pair goes down (no packet passes either way). */
    public void partition() {
        inNs("ip", "link", "set", nsDev, "down");
    }

    /** Which way packets are dropped by {@link #dropOneWay}: into the namespace, or out of it. */
    public enum Direction { INTO_NAMESPACE, OUT_OF_NAMESPACE }

    /**
     * Drops every packet going one way only: a {@code pfifo} queue of length 0 as the root qdisc of the sending side
     * of the veth pair (this kernel has neither netem nor iptables; a zero-length fifo drops everything it is given).
     */
    public void dropOneWay(Direction d) {
        egressQdisc(d, "pfifo", "limit", "0");
    }

    /**
     * Limits the link to {@code kbit} kilobits per second both ways (token bucket, 400 ms of queue).
     */
    public void limitRate(int kbit) {
        for (Direction d : Direction.values()) {
            egressQdisc(d, "tbf", "rate", kbit + "kbit", "burst", "16kb", "latency", "400ms");
        }
    }

    /** Removes every qdisc the methods above installed (the link passes everything again); idempotent. */
    public void clearQdiscs() {
        for (Direction d : Direction.values()) {
            List<String> cmd = new ArrayList<>(d == Direction.INTO_NAMESPACE ? List.of() : launcher());
            cmd.addAll(List.of("tc", "qdisc", "del", "dev", d == Direction.INTO_NAMESPACE ? rootDev : nsDev, "root"));
            run(cmd); // "no such qdisc" when none is installed: nothing to undo
        }
    }

    private void egressQdisc(Direction d, String... qdisc) {
        List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev",
                d == Direction.INTO_NAMESPACE ? rootDev : nsDev, "root"));
        cmd.addAll(List.of(qdisc));
        if (d == Direction.INTO_NAMESPACE) {
            must(cmd.toArray(String[]::new));
        } else {
            inNs(cmd.toArray(String[]::new));
        }
    }

    /** Brings the link up and removes any shaping or one-way drop. */
    public void heal() {
        inNs("ip", "link", "set", nsDev, "up");
        clearQdiscs();
    }

    private void inNs(String... cmd) {
        List<String> all = new ArrayList<>(launcher());
        all.addAll(List.of(cmd));
        must(all.toArray(String[]::new));
    }

    private void must(String... cmd) {
        Result r = run(List.of(cmd));
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
        }
    }

    /** Deletes the veth pair (both ends) and the namespace; idempotent, never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        run(List.of("ip", "link", "del", rootDev));
        Result del = run(List.of("ip", "netns", "del", name));
        boolean left = run(List.of("ip", "netns", "list")).output.lines()
                .anyMatch(l -> l.split("\\s+")[0].equals(name));
        System.out.printf("[ha-partition] removed veth %s and namespace %s (%s)%n", rootDev, name,
                left ? "STILL LISTED: " + del.output.strip() : "gone");
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with a 15 s bound; exit -1 when it could not start or did not finish. */
    private static Result run(List<String> cmd) {
        Path out = null;
        try {
            out = Files.createTempFile("ferrymq-ip-", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", cmd) + " did not finish within 15 s");
            }
            return new Result(p.exitValue(), Files.readString(out));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", cmd) + ": interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }
}
