#!/usr/bin/env bash
# What a new page of file cache costs on this machine, in kernel CPU per GiB written:
#
#   benchmark/bin/page-cache-cost.sh [DIR] [MIB] [WAIT_S]      (defaults: ./bench-results, 2048, 20)
#
# Writes MIB MiB of zeros to a new file in DIR with dd, deletes it, writes again at once (the kernel reuses the
# pages it just freed), deletes it, waits WAIT_S seconds, and writes a third time. On a VM whose balloon driver
# reports free pages back to the host (virtio_balloon free page reporting), pages freed a few seconds ago are
# given back, and the host must supply and clear each one again when the guest next touches it: the third write
# then costs several times the second. Both brokers pay this for every new page of commit log and index they write,
# RocketMQ as page faults on its mapped files and FerryMQ as block-reservation writes. It also moves between
# rounds of compare.sh: a round that starts right after another system's store was deleted gets cheap pages.
set -euo pipefail
dir=${1:-bench-results} mib=${2:-2048} wait_s=${3:-20}
mkdir -p "$dir"
f="$dir/page-cache-cost.$$"
trap 'rm -f "$f"' EXIT
write() { # write LABEL: one dd of MIB MiB, printing its kernel CPU per GiB
  local TIMEFORMAT=%S # bash's own time: the kernel CPU of what it times
  { time dd if=/dev/zero of="$f" bs=1M count="$mib" status=none; } 2> "$f.time"
  awk -v s="$(cat "$f.time")" -v m="$mib" -v l="$1" 'BEGIN {printf "%-34s %6.2f s kernel CPU per GiB\n", l, s * 1024 / m}'
  rm -f "$f" "$f.time"
}
write "first write (pages as found):"
write "again at once (pages just freed):"
sleep "$wait_s"
write "again after ${wait_s} s:"
if [ -d /sys/bus/virtio/drivers/virtio_balloon ]; then echo "virtio_balloon is loaded"; fi
