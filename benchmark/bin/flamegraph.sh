#!/usr/bin/env bash
# An SVG flame graph of a JFR recording, e.g. the <label>-broker.jfr files of JFR=1 benchmark/compare.sh.
# Usage: benchmark/bin/flamegraph.sh IN.jfr OUT.svg [--event cpu|alloc|lock] [--include REGEX] [--title T]
#                                    [--width PX] [--min-width PX]
# cpu (default) draws jdk.ExecutionSample, alloc jdk.ObjectAllocationSample (bytes), lock jdk.JavaMonitorEnter
# (microseconds waited). IN may also be a collapsed-stacks text file ("frame;frame;frame count" lines).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '3,4s/^# //p' "$0" >&2; exit 2; }
in="$(realpath "$1")" out="$(realpath -m "$2")"
shift 2
cd "$(dirname "$0")/../.."
# builds the benchmark module only when it has not been packaged yet (a full build takes minutes on 2 cores)
[ -f benchmark/target/classpath.txt ] && [ -d benchmark/target/classes/io/ferrymq/benchmark/profile ] \
  || mvn -B -q -DskipTests package -pl benchmark -am
exec java -Xmx1g -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
  io.ferrymq.benchmark.profile.FlameGraphTool "$in" "$out" "$@"
