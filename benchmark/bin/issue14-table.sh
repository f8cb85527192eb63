#!/usr/bin/env bash
# Issue 14's workload table in one command: runs every row of docs/benchmarks.md "Issue 14 workload table" in
# sequence, each with exactly the command printed there, and writes every row's rounds and summary (SUMMARY,
# RATIO and CEILING lines of benchmark/compare.sh, JMH's table for the store row) to one results file. It prints
# the estimated total duration before it starts. Run it on a quiet machine: single rounds on a busy 2-core box
# vary by about +-40%.
#
# Usage (from the repository root, after `mvn -B -DskipTests package`):
#   benchmark/bin/issue14-table.sh [ROW ...]      ROW: 1a 1b 1c 2a 2b 3 4a 4b 5a 5b 6 7 client store (default: all)
# Knobs (environment; the rows' own knobs are in their commands below):
#   ROUNDS=6 SECONDS_PER_RUN=30 WARMUP=5 (exported to every compare.sh row; rounds alternate A B / B A)
#   WARMUP_ROUNDS=1 (exported: one uncounted round per system first, so every counted round meets compiled JVMs)
#   RESULTS_DIR=./bench-results  DRY_RUN=1: print the rows and the estimate only
#   SHARED_BENCH, BROKER_HEAP, JAVA_HOME: passed through to compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

export ROUNDS=${ROUNDS:-6} SECONDS_PER_RUN=${SECONDS_PER_RUN:-30} WARMUP=${WARMUP:-5} WARMUP_ROUNDS=${WARMUP_ROUNDS:-1}
FILL_MESSAGES=2000000 # workload 2's backlog, as in rows 2a and 2b (for the estimate)
RESULTS_DIR=${RESULTS_DIR:-$PWD/bench-results}
export RESULTS_DIR
DRY_RUN=${DRY_RUN:-0}
D=distribution/target/ferrymq

# id | systems started by the row (for the estimate) | what | command
ROWS=(
  "1a|2|Workload 1: produce, sync send, 1 thread|MODE=produce THREADS=1 benchmark/compare.sh rmq ferry=$D"
  "1b|2|Workload 1: produce, sync send, 8 threads|MODE=produce THREADS=8 benchmark/compare.sh rmq ferry=$D"
  "1c|3|Workload 1: produce, sync send, 32 threads (+ official-client ceiling, RSS at the end)|MODE=produce THREADS=32 benchmark/compare.sh rmq ferry=$D stub"
  "2a|2|Workload 2: drain a 2M backlog, one push group (20 consume threads)|ROUNDS=3 MODE=drain THREADS=32 SECONDS_PER_RUN=120 FILL_MESSAGES=2000000 HARNESS_ARGS=\"--threads 20\" benchmark/compare.sh rmq ferry=$D"
  "2b|2|Workload 2: drain a 1M backlog, lite pull (20 pull threads)|ROUNDS=3 MODE=drain THREADS=32 SECONDS_PER_RUN=120 FILL_MESSAGES=1000000 HARNESS_ARGS=\"--consumer litepull --threads 20\" benchmark/compare.sh rmq ferry=$D"
  "3|2|Workload 3: produce (32 threads) and consume at once, born-to-received latency|MODE=both THREADS=32 benchmark/compare.sh rmq ferry=$D"
  "4a|4|Workload 4: SYNC_MASTER + slave, ASYNC_FLUSH, produce 32 threads|SLAVE=1 FLUSH=ASYNC_FLUSH MODE=produce THREADS=32 benchmark/compare.sh rmq ferry=$D"
  "4b|4|Workload 4: SYNC_MASTER + slave, SYNC_FLUSH, produce 32 threads|SLAVE=1 FLUSH=SYNC_FLUSH MODE=produce THREADS=32 benchmark/compare.sh rmq ferry=$D"
  "5a|2|Workload 5: batch sends of 32 messages, 8 threads|MODE=produce BATCH=32 THREADS=8 benchmark/compare.sh rmq ferry=$D"
  "5b|2|Workload 5: async sends, 4 threads, 256 in flight|MODE=async THREADS=4 INFLIGHT=256 benchmark/compare.sh rmq ferry=$D"
  "6|2|Workload 6: 100 topics x 8 queues at once, sync send, 32 threads|MODE=topics TOPICS=100 QUEUES=8 THREADS=32 benchmark/compare.sh rmq ferry=$D"
  "7|2|Workload 7: request/reply round trips (callback request), 16 requesters, 20 responder threads|MODE=rpc THREADS=16 RESPONDERS=20 benchmark/compare.sh rmq ferry=$D"
  "client|2|Client ceiling: FerryMQ client vs official client against the stub, produce 32 threads|MODE=produce THREADS=32 benchmark/compare.sh stub ours:stub@ferry-bench"
  "store|0|Store appends vs raw sequential FileChannel writes in the same JMH run|benchmark/bin/store-bench.sh"
)

row_field() { echo "$1" | cut -d'|' -f"$2"; }
wanted() { # wanted ID: true if the row was asked for (all rows when none was named)
  [ ${#SELECTED[@]} -eq 0 ] && return 0
  local s; for s in "${SELECTED[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1
}
estimate_seconds() { # estimate_seconds ID SYSTEMS: start-up, then every round of every system, with overheads
  local id=$1 systems=$2 per_run
  case "$id" in
    store) echo 110; return ;;                                   # 5 JMH runs of 2x2 s + 3x3 s, plus forks
    2a|2b) per_run=$(( FILL_MESSAGES / 15000 + FILL_MESSAGES / 40000 + 30 )) ;; # fill + drain + JVM starts
    *) per_run=$(( WARMUP + SECONDS_PER_RUN + 15 )) ;;           # + driver start, topic creation, shutdown
  esac
  local rounds=$ROUNDS
  case "$id" in 2a|2b|store) ;; *) rounds=$(( ROUNDS + WARMUP_ROUNDS )) ;; esac
  echo $(( systems * 25 + 10 + rounds * systems * per_run ))
}

SELECTED=("$@")
for s in "${SELECTED[@]}"; do
  found=0; for r in "${ROWS[@]}"; do [ "$(row_field "$r" 1)" = "$s" ] && found=1; done
  [ "$found" = 1 ] || { echo "issue14-table: unknown row '$s' (rows: 1a 1b 1c 2a 2b 3 4a 4b 5a 5b 6 7 client store)" >&2; exit 2; }
done

total=0
echo "issue14-table: ROUNDS=$ROUNDS SECONDS_PER_RUN=$SECONDS_PER_RUN WARMUP=$WARMUP WARMUP_ROUNDS=$WARMUP_ROUNDS" >&2
for r in "${ROWS[@]}"; do
  id=$(row_field "$r" 1); wanted "$id" || continue
  est=$(estimate_seconds "$id" "$(row_field "$r" 2)"); total=$(( total + est ))
  printf 'issue14-table:   row %-6s ~%3d min  %s\n' "$id" $(( (est + 59) / 60 )) "$(row_field "$r" 4)" >&2
done
echo "issue14-table: estimated total ~$(( (total + 59) / 60 )) min (about $(( (total + 1799) / 3600 )) h)," \
  "finishing around $(date -d "+$total seconds" +%H:%M) (rows with a long RocketMQ fetch or first build take longer)" >&2
[ "$DRY_RUN" = 1 ] && exit 0

mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/issue14-table-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# Issue 14 workload table, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)," \
    "load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# ROUNDS=$ROUNDS SECONDS_PER_RUN=$SECONDS_PER_RUN WARMUP=$WARMUP WARMUP_ROUNDS=$WARMUP_ROUNDS"
} > "$OUT"
failed=0
for r in "${ROWS[@]}"; do
  id=$(row_field "$r" 1); wanted "$id" || continue
  what=$(row_field "$r" 3); cmd=$(row_field "$r" 4)
  echo "issue14-table: row $id: $cmd" >&2
  { echo; echo "## row $id: $what"; echo "\$ $cmd"; echo "# load average at start $(cut -d' ' -f1-3 /proc/loadavg)"; } >> "$OUT"
  started=$(date +%s)
  set +e
  mkdir -p "$RESULTS_DIR/row-$id" # each row's compare-*.txt and JFR recordings (JFR=1) in a directory of its own
  eval "RESULTS_DIR=\"$RESULTS_DIR/row-$id\" $cmd" > "$RESULTS_DIR/.issue14-row.out"  # the row's own command, as documented
  rc=$?
  set -e
  if [ "$id" = store ]; then # keep JMH's result table, not its iteration log
    sed -n '/^Benchmark /,$p' "$RESULTS_DIR/.issue14-row.out" >> "$OUT"
  else
    cat "$RESULTS_DIR/.issue14-row.out" >> "$OUT"
  fi
  echo "# row $id took $(( $(date +%s) - started )) s, exit $rc" >> "$OUT"
  if [ "$rc" != 0 ]; then failed=$((failed + 1)); echo "issue14-table: row $id FAILED (exit $rc); going on" >&2; fi
done
rm -f "$RESULTS_DIR/.issue14-row.out"
echo "issue14-table: results in $OUT ($failed row(s) failed)" >&2
[ "$failed" = 0 ]
