#!/usr/bin/env bash
# Pull-path cost of SQL92 vs tag subscription filters (PullFilterBench, JMH). About 1.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package -pl benchmark -am
exec java -Xmx512m -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
  -Dbench.dir="${BENCH_DIR:-benchmark/target}" org.openjdk.jmh.Main PullFilterBench "$@"
