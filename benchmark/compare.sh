#!/usr/bin/env bash
# Side-by-side benchmark: Apache RocketMQ 5.3.3 and one or more FerryMQ builds, each a single-group cluster
# (one name server + one master) on 127.0.0.1 with the same heap, GC flags and flush mode, driven by the same
# official-client harness (../shared/bench/harness) in alternating rounds: round 1 runs the systems in the
# order given, round 2 in reverse, and so on. Every round uses a fresh topic with 8 queues. The script samples
# each broker's CPU time (and the load generator's) between the harness's [measure] markers and its resident memory after the round
# (VmRSS, and RssAnon: without file pages such as the mapped commit log, whose size follows the bytes written),
# prints every round and, per system, the median and spread, and the ratio of each FerryMQ build to RocketMQ
# (median and min-max over the rounds). It stops everything it started by pid and removes its temp folder.
#
# Usage (from the repository root, after `mvn -B -DskipTests package`):
#   benchmark/compare.sh [SYSTEM ...]
# SYSTEM is `rmq`, `stub` (the ceiling: benchmark's StubBroker, which answers with canned responses and stores
# nothing) or `ferry=DIST` (DIST: an unpacked FerryMQ distribution, default distribution/target/ferrymq)
# optionally labelled `label:ferry=DIST`. Default: `rmq ferry=distribution/target/ferrymq`.
# A SYSTEM ending in `@ferry-bench` is driven by the FerryMQ client (FERRY_BENCH_DIST/bin/ferry-bench) instead
# of the official one, e.g. `stub ours:stub@ferry-bench`: the CEILING line then says how much higher our
# client's ceiling is than the official client's (MODE produce, both, async or topics).
#
# Knobs (environment):
#   ROUNDS=6 MODE=produce THREADS=32 SECONDS_PER_RUN=30 WARMUP=5 SIZE=1024 BATCH=1 QUEUES=8
#   WARMUP_ROUNDS=0: rounds run first on every system (same load, own topics) and left out of every figure, so the
#     measured rounds meet JVMs that have compiled their hot paths (a fresh broker's C2 compiler is busy for the
#     first 15-30 s of traffic on 2 cores); not for MODE=drain, whose fill warms the broker
#   HARNESS_ARGS="" (extra harness flags, e.g. "--consume-threads 20")
#   FLUSH=ASYNC_FLUSH|SYNC_FLUSH  BROKER_HEAP=2g  NAMESRV_HEAP=512m  BASE_PORT=21000  KEEP=0
#   SLAVE=1: each system gets a slave (brokerId 1, ports broker+5/+6) and its master runs as MASTER_ROLE
#     (default SYNC_MASTER: every send waits for the slave); broker CPU and RSS are the master's, and the
#     slave's CPU per message is printed beside them (slave_cpu_us_per_msg)
#   BIND_ADDRESS_KEY=0: FerryMQ brokers' configs leave out bindAddress (they listen on every interface) and
#     storePathCommitLog (FerryMQ's default is the same path), for
#     builds too old to know the key, such as the pre-structure build 34e29ec; applies to every FerryMQ system
#   EXTRA_BROKER_CONF_<label>="key=value;key=value": lines added to that system's broker configs (master and
#     slave), e.g. EXTRA_BROKER_CONF_exec="sendMessageOnIoThread=false" for a system written exec:ferry=DIST
#   EXTRA_MASTER_CONF_<label>="key=value;...": the same for the master only (e.g. metricsPort=PORT with SLAVE=1,
#     where one port for both would clash)
#   SCRAPE_<label>=PORT: while that system's round runs, GET http://127.0.0.1:PORT/metrics every 2 s (a Prometheus
#     scraper; pair it with EXTRA_BROKER_CONF_<label>="metricsPort=PORT" to measure a broker with /metrics on)
#   JFR=1: every FerryMQ broker records a JFR profile (settings=profile) to RESULTS_DIR/<label>-broker.jfr (-slave.jfr);
#          benchmark/bin/flamegraph.sh draws one as an SVG flame graph
#   MODE=drain: each round first fills a fresh topic for SECONDS_PER_RUN (produce, THREADS), then measures a
#   fresh push group draining it (consume mode); HARNESS_ARGS="--consumer litepull" drains with lite pull.
#   FILL_MESSAGES=N (> 0): the fill is exactly N acknowledged messages instead (OfficialBench async sends, INFLIGHT
#   outstanding, at most 300 s), so both systems drain the same backlog; SECONDS_PER_RUN then caps the drain only.
#   MODE=async|topics|rpc: the official-client driver io.ferrymq.benchmark.official.OfficialBench (benchmark
#   module, built by `mvn package`) instead of the harness: async sends with INFLIGHT=128 outstanding over all
#   THREADS; TOPICS=100 topics x QUEUES queues at once; request/reply round trips (RESPONDERS=20 responder
#   threads). THREADS, WARMUP, SIZE, QUEUES and SECONDS_PER_RUN mean what they mean for the harness.
#   SHARED_BENCH (default ../shared/bench next to the repository): where the harness sources are
#   FERRY_BENCH_DIST (default distribution/target/ferrymq): the distribution whose bin/ferry-bench drives
#   `...@ferry-bench` systems
#   JAVA_HOME (default: the java on PATH), RESULTS_DIR=./bench-results
set -euo pipefail

ROUNDS=${ROUNDS:-6}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-0}
MODE=${MODE:-produce}
THREADS=${THREADS:-32}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
WARMUP=${WARMUP:-5}
SIZE=${SIZE:-1024}
BATCH=${BATCH:-1}
QUEUES=${QUEUES:-8}
HARNESS_ARGS=${HARNESS_ARGS:-}
FLUSH=${FLUSH:-ASYNC_FLUSH}
BROKER_HEAP=${BROKER_HEAP:-2g}
NAMESRV_HEAP=${NAMESRV_HEAP:-512m}
BASE_PORT=${BASE_PORT:-21000}
KEEP=${KEEP:-0}
INFLIGHT=${INFLIGHT:-128}
TOPICS=${TOPICS:-100}
RESPONDERS=${RESPONDERS:-20}
FILL_MESSAGES=${FILL_MESSAGES:-0}
SLAVE=${SLAVE:-0}
MASTER_ROLE=${MASTER_ROLE:-SYNC_MASTER}
RMQ_VERSION=5.3.3
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$REPO/../shared/bench}
FERRY_BENCH_DIST=${FERRY_BENCH_DIST:-$REPO/distribution/target/ferrymq}
BENCH_CP_FILE="$REPO/benchmark/target/classpath.txt"
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=$(command -v java); fi
RESULTS_DIR=${RESULTS_DIR:-$PWD/bench-results}
WORK=$(mktemp -d /tmp/ferry-compare.XXXXXX)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ferrymq-compare
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
mkdir -p "$RESULTS_DIR" "$CACHE"
RESULT_FILE="$RESULTS_DIR/compare-$(date +%Y%m%d-%H%M%S).txt"

log() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }

stop_pid() { # SIGTERM, wait up to 30 s, then SIGKILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ $# -gt 0 ] || set -- rmq "ferry=$REPO/distribution/target/ferrymq"

# ------------------------------------------------------------------ check the request before starting anything
case "$MODE" in
  produce|both|drain) OFFICIAL=harness ;;
  async|topics|rpc) OFFICIAL=official-bench ;;
  *) log "unknown MODE '$MODE' (want produce, both, drain, async, topics or rpc)"; exit 2 ;;
esac
for spec in "$@"; do
  case "$spec" in
    *@ferry-bench)
      case "$MODE" in drain|rpc) log "MODE=$MODE cannot be driven by ferry-bench ($spec): it has no $MODE mode"; exit 2 ;; esac
      [ -x "$FERRY_BENCH_DIST/bin/ferry-bench" ] || { log "$spec needs $FERRY_BENCH_DIST/bin/ferry-bench (mvn -B -DskipTests package, or set FERRY_BENCH_DIST)"; exit 2; }
      ;;
  esac
done
case "$FILL_MESSAGES$INFLIGHT$TOPICS$RESPONDERS" in *[!0-9]*) log "FILL_MESSAGES, INFLIGHT, TOPICS and RESPONDERS must be numbers"; exit 2 ;; esac
needs_bench=0 # OfficialBench and the stub live in the benchmark module
[ "$OFFICIAL" = official-bench ] && needs_bench=1
[ "$MODE" = drain ] && [ "$FILL_MESSAGES" -gt 0 ] && needs_bench=1
for spec in "$@"; do case "$spec" in stub|*:stub|stub@*|*:stub@*) needs_bench=1 ;; esac; done
if [ "$needs_bench" = 1 ]; then
  [ -f "$BENCH_CP_FILE" ] && [ -d "$REPO/benchmark/target/classes/io/ferrymq/benchmark/official" ] \
    || { log "build the benchmark module first (mvn -B -DskipTests package -pl benchmark -am)"; exit 2; }
fi

# ------------------------------------------------------------------ fetch RocketMQ, build the harness
RMQ_LIB="$CACHE/rocketmq-$RMQ_VERSION"
if [ ! -f "$RMQ_LIB/.complete" ]; then
  log "fetching Apache RocketMQ $RMQ_VERSION (namesrv, broker, tools) from Maven Central into $RMQ_LIB"
  mkdir -p "$WORK/fetch" "$RMQ_LIB"
  cat > "$WORK/fetch/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>rmq-fetch</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-namesrv</artifactId><version>$RMQ_VERSION</version></dependency>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-broker</artifactId><version>$RMQ_VERSION</version></dependency>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-tools</artifactId><version>$RMQ_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  mvn -q -B -f "$WORK/fetch/pom.xml" dependency:copy-dependencies -DoutputDirectory="$RMQ_LIB" >"$WORK/fetch.log" 2>&1 \
    || { cat "$WORK/fetch.log" >&2; exit 1; }
  touch "$RMQ_LIB/.complete"
fi
HARNESS_BUILD="$CACHE/harness"
if [ "$OFFICIAL" = harness ]; then # MODE async, topics and rpc use OfficialBench instead
  [ -d "$SHARED_BENCH/harness" ] || { log "no harness sources in $SHARED_BENCH/harness (set SHARED_BENCH)"; exit 2; }
  if [ ! -f "$HARNESS_BUILD/target/mq-bench.jar" ] || [ -n "$(find "$SHARED_BENCH/harness" -newer "$HARNESS_BUILD/target/mq-bench.jar" -type f | head -1)" ]; then
    log "building the harness from $SHARED_BENCH/harness"
    mkdir -p "$HARNESS_BUILD" && cp -r "$SHARED_BENCH/harness/pom.xml" "$SHARED_BENCH/harness/src" "$HARNESS_BUILD/"
    mvn -q -B -f "$HARNESS_BUILD/pom.xml" package >"$WORK/harness-build.log" 2>&1 || { cat "$WORK/harness-build.log" >&2; exit 1; }
  fi
fi
HARNESS_JAR="$HARNESS_BUILD/target/mq-bench.jar"

# ------------------------------------------------------------------ start the systems
# Same JVM flags for every broker: RocketMQ's runbroker.sh G1 settings with the heap set to BROKER_HEAP.
GC_OPTS="-XX:+UseG1GC -XX:G1HeapRegionSize=16m -XX:G1ReservePercent=25 -XX:InitiatingHeapOccupancyPercent=30 -XX:SoftRefLRUPolicyMSPerMB=0"
COMMON_OPTS="-server -XX:-OmitStackTraceInFastThrow -XX:-UseLargePages"
jfr_opts() { # jfr_opts NAME: the broker's flight-recorder flag when JFR=1, nothing otherwise
  if [ "${JFR:-0}" = 1 ]; then printf -- '-XX:StartFlightRecording=settings=profile,filename=%s/%s.jfr' "$RESULTS_DIR" "$1"; fi
}

wait_port() { # wait_port PORT PID NAME LOG: bounded 90 s
  local i
  for i in $(seq 1 180); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { log "$3 died:"; tail -20 "$4" >&2; exit 1; }
    sleep 0.5
  done
  log "$3 did not listen on $1 within 90 s"; tail -20 "$4" >&2; exit 1
}

bind_address_line() { # FerryMQ builds before 2026-12 (e.g. 34e29ec) refuse the key: BIND_ADDRESS_KEY=0 leaves it out
  if [ "${BIND_ADDRESS_KEY:-1}" = 0 ] && [[ $kind == ferry=* ]]; then echo "# bindAddress left out (BIND_ADDRESS_KEY=0)"
  else echo "bindAddress=127.0.0.1"; fi
}
commit_log_path_line() { # the same for storePathCommitLog, whose FerryMQ default is the same <root>/commitlog
  if [ "${BIND_ADDRESS_KEY:-1}" = 0 ] && [[ $kind == ferry=* ]]; then echo "# storePathCommitLog left out (default $1/commitlog)"
  else echo "storePathCommitLog=$1/commitlog"; fi
}
# diskMaxUsedSpaceRatio=85 for both systems (FerryMQ requires it below diskSpaceWarningLevelRatio, 90): FerryMQ counts the space the file system keeps back from it as used
# (size minus usable) where RocketMQ counts free blocks, so on a volume with much space held back (this VM: 252 GB,
# 69 GB usable) FerryMQ's retention started deleting under "disk pressure" in the drain rows and RocketMQ's did not.
broker_conf() { # broker_conf ID ROLE PORT STORE: one broker's properties, the same keys for both systems
  cat <<EOF
brokerClusterName=DefaultCluster
brokerName=broker-$idx
brokerId=$1
brokerRole=$2
flushDiskType=$FLUSH
listenPort=$3
haListenPort=$(($3 + 1))
$(bind_address_line)
brokerIP1=127.0.0.1
namesrvAddr=127.0.0.1:$ns_port
autoCreateTopicEnable=true
storePathRootDir=$4
$(commit_log_path_line "$4")
diskMaxUsedSpaceRatio=85
EOF
  extra_conf_var="EXTRA_BROKER_CONF_${label//[^A-Za-z0-9_]/_}"
  if [ -n "${!extra_conf_var:-}" ]; then printf '%s\n' "${!extra_conf_var}" | tr ';' '\n'; fi
  extra_conf_var="EXTRA_MASTER_CONF_${label//[^A-Za-z0-9_]/_}"
  if [ "$1" = 0 ] && [ -n "${!extra_conf_var:-}" ]; then printf '%s\n' "${!extra_conf_var}" | tr ';' '\n'; fi
}
start_broker() { # start_broker KIND CONF OUT NAME PORT: starts one broker of KIND (rmq or ferry), sets b_pid
  local main cp_ home_opts=""
  if [ "$1" = rmq ]; then
    main=org.apache.rocketmq.broker.BrokerStartup cp_="$RMQ_LIB/*" home_opts="-Duser.home=$dir/home"
  else
    main=io.ferrymq.broker.BrokerMain cp_="$dist/conf:$dist/lib/*"
    home_opts="-Dlogback.configurationFile=$dist/conf/logback.xml -Dferrymq.log.dir=$dir -Dferrymq.log.name=$4 $(jfr_opts "$4")"
  fi
  ROCKETMQ_HOME="$dir" "$JAVA" $COMMON_OPTS $home_opts -Xms$BROKER_HEAP -Xmx$BROKER_HEAP $GC_OPTS -XX:+AlwaysPreTouch \
    -XX:MaxDirectMemorySize=4g -cp "$cp_" "$main" -c "$2" >"$3" 2>&1 &
  b_pid=$!; PIDS+=("$b_pid"); wait_port "$5" "$b_pid" "$4" "$3"
}
start_group() { # start_group KIND: the master (b_pid) and, with SLAVE=1, its slave on the next ports (s_pid)
  local role=ASYNC_MASTER master_pid
  s_pid=""
  [ "$SLAVE" = 1 ] && role=$MASTER_ROLE
  broker_conf 0 "$role" "$broker_port" "$dir/store" > "$dir/broker.conf"
  start_broker "$1" "$dir/broker.conf" "$dir/broker.out" "$label-broker" "$broker_port"
  master_pid=$b_pid
  if [ "$SLAVE" = 1 ]; then
    broker_conf 1 SLAVE $((broker_port + 5)) "$dir/store-slave" > "$dir/slave.conf"
    start_broker "$1" "$dir/slave.conf" "$dir/slave.out" "$label-slave" $((broker_port + 5))
    s_pid=$b_pid
  fi
  b_pid=$master_pid
}

LABELS=() KINDS=() CLIENTS=() NS_ADDRS=() BROKER_PIDS=() SLAVE_PIDS=()
idx=0
for spec in "$@"; do
  label="" kind="$spec" client=$OFFICIAL
  case "$kind" in *@ferry-bench) client=ferry-bench kind="${kind%@ferry-bench}" ;; esac
  case "$kind" in *:*=*|*:rmq|*:stub) label="${kind%%:*}"; kind="${kind#*:}" ;; esac
  ns_port=$((BASE_PORT + idx * 20)); broker_port=$((ns_port + 10))
  dir="$WORK/sys$idx"; mkdir -p "$dir/store" "$dir/store-slave" "$dir/home"
  case "$kind" in
    rmq)
      label=${label:-rmq}
      printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$ns_port" > "$dir/namesrv.conf"
      ROCKETMQ_HOME="$dir" "$JAVA" $COMMON_OPTS -Duser.home="$dir/home" -Xms$NAMESRV_HEAP -Xmx$NAMESRV_HEAP $GC_OPTS \
        -cp "$RMQ_LIB/*" org.apache.rocketmq.namesrv.NamesrvStartup -c "$dir/namesrv.conf" >"$dir/namesrv.out" 2>&1 &
      ns_pid=$!; PIDS+=("$ns_pid"); wait_port "$ns_port" "$ns_pid" "$label namesrv" "$dir/namesrv.out"
      start_group rmq
      ;;
    ferry=*)
      dist="${kind#ferry=}"; dist=$(cd "$dist" && pwd)
      label=${label:-ferry}
      [ -d "$dist/lib" ] || { log "$dist is not an unpacked FerryMQ distribution (no lib/)"; exit 2; }
      printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$ns_port" > "$dir/namesrv.conf"
      "$JAVA" $COMMON_OPTS -Xms$NAMESRV_HEAP -Xmx$NAMESRV_HEAP $GC_OPTS -Dlogback.configurationFile="$dist/conf/logback.xml" \
        -Dferrymq.log.dir="$dir" -Dferrymq.log.name=namesrv -cp "$dist/conf:$dist/lib/*" io.ferrymq.nameserver.NameServerMain \
        -c "$dir/namesrv.conf" >"$dir/namesrv.out" 2>&1 &
      ns_pid=$!
      PIDS+=("$ns_pid"); wait_port "$ns_port" "$ns_pid" "$label namesrv" "$dir/namesrv.out"
      start_group ferry
      ;;
    stub)
      label=${label:-stub}
      "$JAVA" $COMMON_OPTS -Xms$BROKER_HEAP -Xmx$BROKER_HEAP $GC_OPTS -cp "$(cat "$BENCH_CP_FILE"):$REPO/benchmark/target/classes" \
        io.ferrymq.benchmark.StubBroker --port "$ns_port" --queues "$QUEUES" --size "$SIZE" >"$dir/stub.out" 2>&1 &
      b_pid=$!; PIDS+=("$b_pid"); wait_port "$ns_port" "$b_pid" "$label" "$dir/stub.out"
      ;;
    *) log "unknown system '$spec' (want rmq, stub or ferry=DIST)"; exit 2 ;;
  esac
  LABELS+=("$label"); KINDS+=("$kind"); CLIENTS+=("$client"); NS_ADDRS+=("127.0.0.1:$ns_port"); BROKER_PIDS+=("$b_pid"); SLAVE_PIDS+=("${s_pid:-}"); s_pid=""
  log "$label: name server 127.0.0.1:$ns_port, broker 127.0.0.1:$broker_port (pid $b_pid), driven by $client"
  idx=$((idx + 1))
done
sleep 3 # first registrations
if [ "$SLAVE" = 1 ]; then sleep 10; fi # slaves find their master through the name server and catch up

# ------------------------------------------------------------------ rounds
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# resident memory without file pages (the mapped commit log's page cache grows with the bytes written, so a faster
# broker shows more of it): heap, metaspace, thread stacks, direct buffers, RocksDB
rss_anon_mb() { awk '/^RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }

# run_driver CLIENT KIND NS TOPIC MODE PID OUTFILE EXTRA...: runs load generator CLIENT (harness, official-bench or
# ferry-bench) against system KIND with the common flags and EXTRA; prints its RESULT line, leaves the broker's CPU
# ticks between the [measure] markers in OUTFILE.cpu, the driver's own in OUTFILE.ccpu and, when the global spid
# names a slave, the slave's in OUTFILE.scpu. Bounded: a driver still running at warm-up + seconds + 150 s
# is stopped by pid.
run_driver() {
  local client=$1 kind=$2 ns=$3 topic=$4 mode=$5 pid=$6 out=$7; shift 7
  local cmd=()
  case "$client" in
    harness) cmd=("$JAVA" -Xms512m -Xmx2g -jar "$HARNESS_JAR" --namesrv "$ns" --topic "$topic" --mode "$mode") ;;
    official-bench) cmd=("$JAVA" -Xms512m -Xmx2g -cp "$(cat "$BENCH_CP_FILE"):$REPO/benchmark/target/classes"
                         io.ferrymq.benchmark.official.OfficialBench --namesrv "$ns" --topic "$topic" --mode "$mode") ;;
    ferry-bench) cmd=(env FERRYMQ_TOOL_HEAP="-Xms512m -Xmx2g" "$FERRY_BENCH_DIST/bin/ferry-bench" -n "$ns" -t "$topic") ;;
  esac
  "${cmd[@]}" --size "$SIZE" --seconds "$SECONDS_PER_RUN" "$@" >"$out" 2>"$out.err" &
  local hp=$! t0="" t1="" c0="" c1="" s0="" s1="" i
  PIDS+=("$hp")
  for i in $(seq 1 $(( (WARMUP + SECONDS_PER_RUN + 150) * 10 ))); do
    if [ -z "$t0" ] && grep -q '\[measure\] start' "$out.err" 2>/dev/null; then
      t0=$(proc_ticks "$pid"); c0=$(proc_ticks "$hp" 2>/dev/null || true)
      [ -z "${spid:-}" ] || s0=$(proc_ticks "$spid" 2>/dev/null || true); fi
    if [ -n "$t0" ] && [ -z "$t1" ] && grep -q '\[measure\] end' "$out.err" 2>/dev/null; then
      t1=$(proc_ticks "$pid"); c1=$(proc_ticks "$hp" 2>/dev/null || true)
      [ -z "${spid:-}" ] || s1=$(proc_ticks "$spid" 2>/dev/null || true); fi
    kill -0 "$hp" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$hp" 2>/dev/null; then log "$client on $topic overran its time, stopping pid $hp"; stop_pid "$hp"; fi
  wait "$hp" || true
  [ -n "$t1" ] || t1=$(proc_ticks "$pid")
  echo "$(( t1 - ${t0:-$t1} ))" > "$out.cpu"
  # the driver's (load generator's) CPU over the same window: on a 2-core box it competes with the broker
  if [ -n "$c0" ] && [ -n "$c1" ]; then echo "$(( c1 - c0 ))" > "$out.ccpu"; else echo "" > "$out.ccpu"; fi
  if [ -n "$s0" ] && [ -n "$s1" ]; then echo "$(( s1 - s0 ))" > "$out.scpu"; else echo "" > "$out.scpu"; fi
  grep '^RESULT' "$out" || { log "$client gave no RESULT for $topic:"; tail -5 "$out.err" >&2; echo "RESULT msgs=0 tps=0"; }
}

# load_args CLIENT KIND: the flags of one measured run of MODE for CLIENT against system KIND
load_args() {
  case "$1" in
    harness) echo "--threads $THREADS --warmup $WARMUP --queues $QUEUES --batch $BATCH $HARNESS_ARGS" ;;
    official-bench) echo "--threads $THREADS --warmup $WARMUP --queues $QUEUES --inflight $INFLIGHT --topics $TOPICS" \
                         "--responders $RESPONDERS $HARNESS_ARGS" ;;
    ferry-bench)
      local a="--threads $THREADS --warmup $WARMUP --batch $BATCH"
      # the stub has QUEUES queues for every topic and no admin API to create them
      [ "$2" = stub ] || a="$a --queues $QUEUES"
      case "$MODE" in
        both) a="$a --mode both" ;;
        async) a="$a --async --inflight $(( INFLIGHT / THREADS > 0 ? INFLIGHT / THREADS : 1 ))" ;; # ferry-bench's window is per thread
        topics) a="$a --topics $TOPICS" ;;
      esac
      echo "$a ${FERRY_BENCH_ARGS:-}" ;;
  esac
}

declare -A TPS P99 P50 E2E CPU CCPU SCPU RSS RSSA
if [ "$MODE" != drain ] && [ "$WARMUP_ROUNDS" -gt 0 ]; then
  for w in $(seq 1 "$WARMUP_ROUNDS"); do
    for i in $(seq 0 $((${#LABELS[@]} - 1))); do
      spid=${SLAVE_PIDS[$i]:-}
      # shellcheck disable=SC2046
      res=$(run_driver "${CLIENTS[$i]}" "${KINDS[$i]}" "${NS_ADDRS[$i]}" "cmp_w${w}_$i" "$MODE" "${BROKER_PIDS[$i]}" \
        "$WORK/w$w-${LABELS[$i]}.txt" $(load_args "${CLIENTS[$i]}" "${KINDS[$i]}"))
      log "${LABELS[$i]}: warm-up round $w (not counted): tps $(field "$res" tps)"
    done
  done
fi
n=${#LABELS[@]}
for r in $(seq 1 "$ROUNDS"); do
  order=$(seq 0 $((n - 1))); [ $((r % 2)) -eq 0 ] && order=$(seq $((n - 1)) -1 0)
  for i in $order; do
    label=${LABELS[$i]} kind=${KINDS[$i]} client=${CLIENTS[$i]} ns=${NS_ADDRS[$i]} pid=${BROKER_PIDS[$i]}
    spid=${SLAVE_PIDS[$i]:-}
    topic="cmp_r${r}_$i" out="$WORK/r$r-$label.txt"
    if [ "$MODE" = drain ]; then
      if [ "$FILL_MESSAGES" -gt 0 ]; then
        fill=$(run_driver official-bench "$kind" "$ns" "$topic" async "$pid" "$out.fill" --threads "$THREADS" \
          --queues "$QUEUES" --inflight "$INFLIGHT" --warmup 0 --seconds 300 --messages "$FILL_MESSAGES")
      else
        fill=$(run_driver harness "$kind" "$ns" "$topic" produce "$pid" "$out.fill" --threads "$THREADS" \
          --queues "$QUEUES" --batch "$BATCH")
      fi
      log "$label: filled $topic with $(field "$fill" msgs) messages ($(field "$fill" errors) errors)"
      # shellcheck disable=SC2086
      res=$(run_driver harness "$kind" "$ns" "$topic" consume "$pid" "$out" --from first $HARNESS_ARGS)
    else
      scrape_var="SCRAPE_${label//[^A-Za-z0-9_]/_}" scraper=""
      if [ -n "${!scrape_var:-}" ]; then
        # bounded like the driver: at most (warm-up + seconds + 150) / 2 scrapes, stopped by pid when the round ends
        ( for _ in $(seq 1 $(( (WARMUP + SECONDS_PER_RUN + 150) / 2 ))); do
            curl -s -o /dev/null --max-time 2 "http://127.0.0.1:${!scrape_var}/metrics" || true; sleep 2; done ) &
        scraper=$!; PIDS+=("$scraper")
      fi
      # shellcheck disable=SC2046
      res=$(run_driver "$client" "$kind" "$ns" "$topic" "$MODE" "$pid" "$out" $(load_args "$client" "$kind"))
      if [ -n "$scraper" ]; then stop_pid "$scraper"; fi
    fi
    ticks=$(cat "$out.cpu"); msgs=$(field "$res" msgs)
    cpu_us=$(awk -v t="$ticks" -v m="${msgs:-0}" -v hz="$CLK_TCK" 'BEGIN { if (m > 0) printf "%.1f", t / hz * 1e6 / m; else print "nan" }')
    cticks=$(cat "$out.ccpu" 2>/dev/null || true)
    client_us=$(awk -v t="$cticks" -v m="${msgs:-0}" -v hz="$CLK_TCK" 'BEGIN { if (m > 0 && t != "") printf "%.1f", t / hz * 1e6 / m; else print "nan" }')
    sticks=$(cat "$out.scpu" 2>/dev/null || true)
    slave_us=$(awk -v t="$sticks" -v m="${msgs:-0}" -v hz="$CLK_TCK" 'BEGIN { if (m > 0 && t != "") printf "%.1f", t / hz * 1e6 / m; else print "nan" }')
    SCPU[$r,$i]=$slave_us
    TPS[$r,$i]=$(field "$res" tps); P50[$r,$i]=$(field "$res" p50_ms); P99[$r,$i]=$(field "$res" p99_ms)
    E2E[$r,$i]=$(field "$res" e2e_p99_ms)
    CPU[$r,$i]=$cpu_us; CCPU[$r,$i]=$client_us; RSS[$r,$i]=$(rss_mb "$pid"); RSSA[$r,$i]=$(rss_anon_mb "$pid")
    line="ROUND $r system=$label ${res#RESULT } broker_cpu_us_per_msg=$cpu_us broker_rss_mb=${RSS[$r,$i]} broker_rss_anon_mb=${RSSA[$r,$i]} client_cpu_us_per_msg=$client_us"
    [ -z "$spid" ] || line="$line slave_cpu_us_per_msg=$slave_us"
    echo "$line" | tee -a "$RESULT_FILE"
  done
done

# ------------------------------------------------------------------ summary
stats() { # median min max of the arguments
  printf '%s\n' "$@" | grep -v '^$' | grep -v nan | sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit}
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3g (%.3g-%.3g)", m, a[1], a[NR]}'
}
{
  echo
  echo "SUMMARY mode=$MODE threads=$THREADS size=$SIZE batch=$BATCH flush=$FLUSH slave=$SLAVE rounds=$ROUNDS warmup_rounds=$WARMUP_ROUNDS heap=$BROKER_HEAP" \
    "inflight=$INFLIGHT topics=$TOPICS queues=$QUEUES harness_args='$HARNESS_ARGS' (median, min-max)"
  for i in $(seq 0 $((n - 1))); do
    t=() p=() c=() m=() e=() cc=() sc=() ma=()
    for r in $(seq 1 "$ROUNDS"); do
      t+=("${TPS[$r,$i]}"); p+=("${P99[$r,$i]:-}"); c+=("${CPU[$r,$i]}"); m+=("${RSS[$r,$i]}"); e+=("${E2E[$r,$i]:-}")
      cc+=("${CCPU[$r,$i]:-}"); sc+=("${SCPU[$r,$i]:-}"); ma+=("${RSSA[$r,$i]:-}")
    done
    scpu=""; [ -n "${SLAVE_PIDS[$i]:-}" ] && scpu="  slave_cpu_us/msg $(stats "${sc[@]}")"
    e2e=""; [ "$MODE" = both ] && e2e="  e2e_p99_ms $(stats "${e[@]}")"
    echo "  ${LABELS[$i]}: tps $(stats "${t[@]}")  p99_ms $(stats "${p[@]}")$e2e  broker_cpu_us/msg $(stats "${c[@]}")  rss_mb $(stats "${m[@]}")  rss_anon_mb $(stats "${ma[@]}")  client_cpu_us/msg $(stats "${cc[@]}")$scpu"
  done
  base=-1 # RATIO lines: each FerryMQ build against RocketMQ
  for i in $(seq $((n - 1)) -1 0); do [ "${KINDS[$i]}" = rmq ] && [ "${CLIENTS[$i]}" = "$OFFICIAL" ] && base=$i; done
  if [ "$base" -ge 0 ]; then
    for i in $(seq 0 $((n - 1))); do
      { [ "$i" = "$base" ] || [ "${KINDS[$i]}" = stub ]; } && continue
      rt=() rp=() rc=() rm_=() re=() ra=()
      for r in $(seq 1 "$ROUNDS"); do
        rt+=("$(awk -v a="${TPS[$r,$i]}" -v b="${TPS[$r,$base]}" 'BEGIN { if (b > 0) print a / b }')")
        rp+=("$(awk -v a="${P99[$r,$i]:-0}" -v b="${P99[$r,$base]:-0}" 'BEGIN { if (b > 0) print a / b }')")
        re+=("$(awk -v a="${E2E[$r,$i]:-0}" -v b="${E2E[$r,$base]:-0}" 'BEGIN { if (b > 0) print a / b }')")
        rc+=("$(awk -v a="${CPU[$r,$i]}" -v b="${CPU[$r,$base]}" 'BEGIN { if (b > 0 && a != "nan") print a / b }')")
        rm_+=("$(awk -v a="${RSS[$r,$i]}" -v b="${RSS[$r,$base]}" 'BEGIN { if (b > 0) print a / b }')")
        ra+=("$(awk -v a="${RSSA[$r,$i]:-0}" -v b="${RSSA[$r,$base]:-0}" 'BEGIN { if (b > 0) print a / b }')")
      done
      e2e=""; [ "$MODE" = both ] && e2e="  e2e_p99 $(stats "${re[@]}")"
      echo "  RATIO ${LABELS[$i]}/${LABELS[$base]}: tps $(stats "${rt[@]}")  p99 $(stats "${rp[@]}")$e2e  cpu/msg $(stats "${rc[@]}")  rss $(stats "${rm_[@]}")  rss_anon $(stats "${ra[@]}")"
    done
  fi
  ceil=-1
  # the ceiling is the stub driven by the official client; a stub@ferry-bench line says how much higher ours is
  for i in $(seq $((n - 1)) -1 0); do [ "${KINDS[$i]}" = stub ] && [ "${CLIENTS[$i]}" = "$OFFICIAL" ] && ceil=$i; done
  if [ "$ceil" -ge 0 ]; then
    for i in $(seq 0 $((n - 1))); do
      [ "$i" = "$ceil" ] && continue
      rt=()
      for r in $(seq 1 "$ROUNDS"); do
        rt+=("$(awk -v a="${TPS[$r,$i]}" -v b="${TPS[$r,$ceil]}" 'BEGIN { if (b > 0) print a / b }')")
      done
      echo "  CEILING ${LABELS[$i]}/${LABELS[$ceil]}: tps $(stats "${rt[@]}")"
    done
  fi
} | tee -a "$RESULT_FILE"
log "results appended to $RESULT_FILE"
