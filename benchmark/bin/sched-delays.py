"""Reads `perf sched timehist` output; see sched-delays.sh for what it prints and why."""
import bisect
import collections
import re
import sys

LINE = re.compile(r'^\s*([\d.]+)\s+\[(\d+)\]\s+(.+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$')
LONG_WAIT_MS = 0.5


def kind(task):
    """Thread name without its tid and trailing number, so a pool's threads count together."""
    return re.sub(r'[-_#]?\d+$', '', task.split('[')[0])


def pct(sorted_xs, p):
    return sorted_xs[min(len(sorted_xs) - 1, int(p * len(sorted_xs)))]


def main(path_file, path_spec):
    rows = []  # (switch-out time s, cpu, kind, sch delay ms, run time ms)
    with open(path_file) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                t, cpu, task, _wait, delay, run = m.groups()
                rows.append((float(t), int(cpu), kind(task), float(delay), float(run)))
    if not rows:
        sys.exit("sched-delays: no events in " + path_file)
    span = rows[-1][0] - rows[0][0]
    cpu_ms, delays = collections.Counter(), collections.defaultdict(list)
    on_cpu = collections.defaultdict(list)  # cpu -> [(start s, end s, kind)]
    for t, cpu, k, delay, run in rows:
        cpu_ms[k] += run
        delays[k].append(delay)
        on_cpu[cpu].append((t - run / 1000.0, t, k))
    for c in on_cpu:
        on_cpu[c].sort()
    starts = {c: [r[0] for r in on_cpu[c]] for c in on_cpu}

    print("%.2f s, %d context switches" % (span, len(rows)))
    print("%-22s %8s %8s %8s %8s %8s %9s" % ("thread", "switches", "p50 ms", "p99", "p99.9", "max", "cpu ms"))
    for k, _ in cpu_ms.most_common(20):
        xs = sorted(delays[k])
        print("%-22s %8d %8.3f %8.3f %8.3f %8.3f %9.1f"
              % (k, len(xs), pct(xs, .5), pct(xs, .99), pct(xs, .999), xs[-1], cpu_ms[k]))

    prefixes = [p for p in path_spec.split(',') if p]
    held, waited, waits = collections.Counter(), 0.0, 0
    for t, _cpu, k, delay, run in rows:
        if delay < LONG_WAIT_MS or not any(k.startswith(p) for p in prefixes):
            continue
        waits += 1
        begin, end = t - (run + delay) / 1000.0, t - run / 1000.0
        waited += delay * len(on_cpu)  # CPU-time of the window, over every CPU
        for c, runs in on_cpu.items():
            i = max(0, bisect.bisect_left(starts[c], begin) - 1)
            while i < len(runs) and runs[i][0] < end:
                s, e, holder = runs[i]
                overlap = min(e, end) - max(s, begin)
                if overlap > 0:
                    held[holder] += overlap * 1000
                i += 1
    print()
    print("%d waits >= %.1f ms by threads of the path (%s); who held the CPUs meanwhile (%% of %.1f CPU-ms):"
          % (waits, LONG_WAIT_MS, path_spec, waited))
    for holder, ms in held.most_common(15):
        print("  %-22s %8.1f ms %5.1f%%" % (holder, ms, 100 * ms / waited if waited else 0))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit("usage: sched-delays.py TIMEHIST_FILE PATH_PREFIXES")
    main(sys.argv[1], sys.argv[2])
