#!/usr/bin/env bash
# Store appends (1 KiB, 1 and 4 writers, ASYNC and SYNC flush) vs raw FileChannel writes on the same disk.
# Usage: benchmark/bin/store-bench.sh [JMH options, e.g. -wi 1 -i 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package -pl benchmark -am
exec java -Xmx256m -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
  -Dbench.dir="${BENCH_DIR:-benchmark/target}" org.openjdk.jmh.Main StoreAppendBench "$@"
