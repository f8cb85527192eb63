#!/usr/bin/env bash
# CPU profile of a running JVM (a broker under a compare.sh round, say), Java and kernel frames together, as
# collapsed stacks that benchmark/bin/flamegraph.sh draws:
#
#   benchmark/bin/async-profile.sh PID SECONDS OUT.collapsed [INTERVAL_MS]
#   benchmark/bin/flamegraph.sh OUT.collapsed docs/images/NAME.svg --title "..."
#
# It loads async-profiler (tools.profiler:async-profiler from Maven Central) into the process with
# `jcmd PID JVMTI.agent_load`, samples every INTERVAL_MS (default 1) ms of CPU per thread for SECONDS, then stops it
# and writes the stacks, each starting with its thread's name. Why not JFR: JFR's execution samples skip threads
# in native code and the kernel, so a broker whose CPU is half page-cache and socket work in the kernel shows up
# with a tenth of its samples and a wrong split (row 5a: 359 JFR samples against about 12,000 here). perf sees the
# kernel but not the Java frames. Needs perf events (root, or kernel.perf_event_paranoid <= 1) for kernel frames.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
pid=$1 secs=$2 out=$3 interval=${4:-1}
version=3.0
here=$(cd "$(dirname "$0")/.." && pwd)
lib="$here/target/async-profiler-$version/linux-x64/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
  [ -f "$jar" ] || mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2
  mkdir -p "$here/target/async-profiler-$version"
  (cd "$here/target/async-profiler-$version" && unzip -o -q "$jar" 'linux-x64/*')
fi
kill -0 "$pid" 2>/dev/null || { echo "async-profile: no process $pid" >&2; exit 1; }
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# jcmd splits its arguments at commas unless the option string is quoted inside the argument
jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=cpu,interval=${interval}ms,threads\"" >/dev/null
sleep "$secs"
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out,collapsed\"" >/dev/null
[ -s "$out" ] || { echo "async-profile: $out was not written (see the JVM's output)" >&2; exit 1; }
echo "async-profile: $(awk '{s+=$NF} END {print s}' "$out") samples of pid $pid in $out" >&2
