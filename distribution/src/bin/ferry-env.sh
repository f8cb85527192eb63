#!/usr/bin/env bash
# Shared settings for the FerryMQ scripts. Sourced, not run.
#   FERRYMQ_HOME  installation directory (default: the parent of this bin/ directory)
#   JAVA_HOME     JDK/JRE to use (default: java on PATH); Java 17 or newer
#   JAVA_OPTS     extra JVM options, appended last so they win
#   FERRYMQ_LOG_DIR / FERRYMQ_PID_DIR  where servers write logs and pid files (default: $FERRYMQ_HOME/logs, /run)

if [ -z "${FERRYMQ_HOME:-}" ]; then
  FERRYMQ_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
export FERRYMQ_HOME
FERRYMQ_LOG_DIR="${FERRYMQ_LOG_DIR:-$FERRYMQ_HOME/logs}"
FERRYMQ_PID_DIR="${FERRYMQ_PID_DIR:-$FERRYMQ_HOME/run}"

if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
  echo "ferrymq: no java found; install Java 17+ or set JAVA_HOME" >&2
  exit 1
fi
java_major="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')"
if [ -n "$java_major" ] && [ "$java_major" -lt 17 ] 2>/dev/null; then
  echo "ferrymq: Java 17 or newer is required, $JAVA is Java $java_major" >&2
  exit 1
fi

FERRYMQ_CLASSPATH="$FERRYMQ_HOME/conf:$FERRYMQ_HOME/lib/*"

# ferry_start_server NAME MAIN_CLASS HEAP_OPTS ARGS...
# Starts a server JVM in the background, logs to $FERRYMQ_LOG_DIR/NAME.out and NAME-gc.log, writes
# $FERRYMQ_PID_DIR/NAME.pid, and refuses to start a second copy while the pid file names a live process.
ferry_start_server() {
  local name="$1" main="$2" heap="$3"
  shift 3
  mkdir -p "$FERRYMQ_LOG_DIR" "$FERRYMQ_PID_DIR"
  local pidfile="$FERRYMQ_PID_DIR/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "ferrymq: $name is already running (pid $(cat "$pidfile"), $pidfile)" >&2
    return 1
  fi
  local gc="-Xlog:gc*:file=$FERRYMQ_LOG_DIR/$name-gc.log:time,uptime,level,tags:filecount=5,filesize=20M"
  # Servers run in FERRYMQ_HOME so relative paths in conf files (e.g. storePathRootDir=store/...) land there.
  cd "$FERRYMQ_HOME"
  # shellcheck disable=SC2086
  nohup "$JAVA" $heap -XX:+UseG1GC -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$FERRYMQ_LOG_DIR" \
    "$gc" -Dferrymq.home="$FERRYMQ_HOME" -Dferrymq.log.dir="$FERRYMQ_LOG_DIR" -Dferrymq.log.name="$name" \
    -Dlogback.configurationFile="$FERRYMQ_HOME/conf/logback.xml" \
    ${JAVA_OPTS:-} -cp "$FERRYMQ_CLASSPATH" "$main" "$@" \
    >"$FERRYMQ_LOG_DIR/$name.out" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$pidfile"
  echo "ferrymq: started $name (pid $pid, log $FERRYMQ_LOG_DIR/$name.log, pid file $pidfile)"
}

# ferry_run_tool MAIN_CLASS ARGS... : runs a command-line tool in the foreground.
ferry_run_tool() {
  local main="$1"
  shift
  # shellcheck disable=SC2086
  exec "$JAVA" ${FERRYMQ_TOOL_HEAP:--Xms64m -Xmx512m} ${FERRYMQ_TOOL_JVM:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
    -Dferrymq.home="$FERRYMQ_HOME" -Dlogback.configurationFile="$FERRYMQ_HOME/conf/logback-tools.xml" \
    ${JAVA_OPTS:-} -cp "$FERRYMQ_CLASSPATH" "$main" "$@"
}
