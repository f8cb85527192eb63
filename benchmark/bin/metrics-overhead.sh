#!/usr/bin/env bash
# Produce throughput of one broker with /metrics on versus off, side by side in alternating rounds.
#   benchmark/bin/metrics-overhead.sh [--rounds N] [--seconds S] [--threads T]
# Uses the packaged distribution (distribution/target/ferrymq; build it with mvn -B -DskipTests package).
# Each round starts a fresh name server and broker (ASYNC_MASTER, 8 queues) in a temp directory, runs
# ferry-bench (1 KiB bodies) while a scraper reads /metrics every 2 s when metrics are on, prints ferry-bench's
# RESULT line and stops everything. Rounds alternate which configuration runs first.
set -euo pipefail
cd "$(dirname "$0")/../.."
home="$PWD/distribution/target/ferrymq"
rounds=2 seconds=30 threads=8
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "metrics-overhead: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$home/bin/ferry-broker" ] || { echo "metrics-overhead: build the distribution first (mvn -B -DskipTests package)" >&2; exit 1; }
ns_port=29876 broker_port=30911 metrics_port=30913

one_run() {
  local label="$1" mport="$2" dir
  dir="$(mktemp -d /tmp/ferrymq-metrics-bench.XXXXXX)"
  export FERRYMQ_PID_DIR="$dir/pids" FERRYMQ_LOG_DIR="$dir/logs"
  mkdir -p "$FERRYMQ_PID_DIR" "$FERRYMQ_LOG_DIR"
  printf 'listenPort=%s\n' "$ns_port" > "$dir/namesrv.properties"
  cat > "$dir/broker.properties" <<CONF
brokerClusterName=BenchCluster
brokerName=bench-a
brokerId=0
brokerRole=ASYNC_MASTER
brokerIP1=127.0.0.1
listenPort=$broker_port
haListenPort=$((broker_port + 1))
metricsPort=$mport
namesrvAddr=127.0.0.1:$ns_port
storePathRootDir=$dir/store
autoCreateTopicEnable=true
CONF
  "$home/bin/ferry-namesrv" --name bench-ns -c "$dir/namesrv.properties" >/dev/null
  "$home/bin/ferry-broker" --name bench-broker -c "$dir/broker.properties" >/dev/null
  "$home/bin/ferry-admin" waitCluster -n "127.0.0.1:$ns_port" --groups 1 --replicas 1 --timeout-seconds 60 >/dev/null
  local scraper=""
  if [ "$mport" != 0 ]; then
    ( while true; do curl -s -o /dev/null "http://127.0.0.1:$mport/metrics" || true; sleep 2; done ) &
    scraper=$!
  fi
  local result
  result="$("$home/bin/ferry-bench" -n "127.0.0.1:$ns_port" -t MetricsBench --queues 8 --cluster BenchCluster \
    --threads "$threads" --seconds "$seconds" --warmup 5 2>/dev/null | grep '^RESULT' || true)"
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null || true
  "$home/bin/ferry-stop" bench-broker bench-ns >/dev/null || true
  rm -rf "$dir"
  echo "$label $result"
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then
    one_run "round=$r metrics=off" 0; one_run "round=$r metrics=on " "$metrics_port"
  else
    one_run "round=$r metrics=on " "$metrics_port"; one_run "round=$r metrics=off" 0
  fi
done
