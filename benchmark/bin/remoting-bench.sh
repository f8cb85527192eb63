#!/usr/bin/env bash
# Remoting round trips: FerryMQ vs Apache RocketMQ's rocketmq-remoting 5.3.3, same machine, same JVM run.
# Usage: benchmark/bin/remoting-bench.sh [--callers N] [--seconds S] [--warmup S] [--size BYTES] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests package -pl remoting,benchmark -am
exec java -Xms1g -Xmx1g -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
  io.ferrymq.benchmark.RemotingBench "$@"
