#!/usr/bin/env bash
# Where the waits of a latency path go: records the kernel's scheduler events on every CPU for SECONDS (perf sched,
# run it while a compare.sh round is in its measured window) and prints, per thread name, how long threads waited
# between being woken and running (p50/p99/p99.9/max of the "sch delay"), and, for every wait of at least 0.5 ms
# by a thread of PATH (comma-separated thread-name prefixes: the threads a request passes through), which threads
# held the CPUs meanwhile.
#
#   benchmark/bin/sched-delays.sh SECONDS OUT_PREFIX PATH
#   e.g. benchmark/bin/sched-delays.sh 8 /tmp/ferry-1b "bench-producer,NettyClient,broker-io"
#
# Writes OUT_PREFIX.data (perf's record, large: about 30 MB a second at 20,000 sends a second) and
# OUT_PREFIX.timehist, and prints the tables. Needs perf and root (or kernel.perf_event_paranoid <= 1). perf's
# own thread shows up among the CPU holders: recording every switch costs about a tenth of a core here.
set -euo pipefail
[ $# -eq 3 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
secs=$1 out=$2 path=$3
command -v perf >/dev/null || { echo "sched-delays: perf is not installed" >&2; exit 1; }
perf sched record -a -o "$out.data" -- sleep "$secs" >/dev/null 2>&1
perf sched timehist -i "$out.data" 2>/dev/null > "$out.timehist"
python3 "$(dirname "$0")/sched-delays.py" "$out.timehist" "$path"
