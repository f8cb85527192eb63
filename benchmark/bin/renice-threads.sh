#!/usr/bin/env bash
# Lowers the CPU priority of named threads of the FerryMQ brokers of a running benchmark/compare.sh, for
# experiments with thread priorities without a rebuild (docs/benchmarks.md, "Scheduling delays"):
#
#   benchmark/bin/renice-threads.sh "SYSDIR:NICE:NAME,NAME... [SYSDIR:NICE:NAME,...]" &
#   e.g. benchmark/bin/renice-threads.sh "sys2:19:store-reserve,rocksdb:low,rocksdb:high" &
#
# SYSDIR is compare.sh's folder of a system (sysN, N its place in the command's system list, rmq included), NAME a
# thread's name as the kernel keeps it (its first 15 characters, as in /proc/PID/task/TID/comm). Every 0.5 s it
# finds java processes whose command line names SYSDIR/broker.conf and sets each named thread to NICE (renice,
# logged to stdout). It runs until killed; kill it by pid when the comparison ends.
set -uo pipefail
[ $# -eq 1 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
while true; do
  for spec in $1; do
    dir=${spec%%:*} rest=${spec#*:}
    want=${rest%%:*} names=${rest#*:}
    for pid in $(pgrep -f "$dir/broker.conf"); do
      [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = java ] || continue
      for task in /proc/"$pid"/task/*; do
        name=$(cat "$task/comm" 2>/dev/null) || continue
        case ",$names," in
          *",$name,"*)
            stat=$(cat "$task/stat" 2>/dev/null) || continue
            nice=$(echo "${stat##*) }" | awk '{print $17}')
            if [ "$nice" != "$want" ] && renice -n "$want" -p "${task##*/}" >/dev/null 2>&1; then
              echo "$(date +%T) $dir $name tid ${task##*/} nice $want"
            fi ;;
        esac
      done
    done
  done
  sleep 0.5
done
