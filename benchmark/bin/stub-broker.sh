#!/usr/bin/env bash
# The benchmark ceiling: a stub name server + broker that answers with canned responses and stores nothing.
# Usage: benchmark/bin/stub-broker.sh [--port P] [--queues Q] [--size BYTES]; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package -pl benchmark -am
exec java -Xms1g -Xmx1g -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
  io.ferrymq.benchmark.StubBroker "$@"
