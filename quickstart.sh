#!/usr/bin/env bash
# Starts a local FerryMQ cluster on 127.0.0.1 — 2 name servers and broker groups broker-a and broker-b, each a
# master and a slave — then produces and consumes 1,000 messages, starts the web console (URL and login printed)
# and prints what happened. Ctrl-C stops it.
# Builds the distribution first when it is missing or older than the sources.
# Options are passed to ferry-quickstart: [--dir DIR] [--base-port P] [--detach]
set -euo pipefail
cd "$(dirname "$0")"
dist=distribution/target/ferrymq
stamp="$dist/.built"
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -type f 2>/dev/null | head -1)" ]; then
  echo "quickstart: building FerryMQ (mvn -B -DskipTests package) ..."
  mvn -B -q -DskipTests package
  touch "$stamp"
fi
exec "$dist/bin/ferry-quickstart" "$@"
