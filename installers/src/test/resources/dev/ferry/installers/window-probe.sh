#!/usr/bin/env bash
# Run under xvfb-run by AppImageSmokeIT: starts a launcher, waits for its main window (a top-level window
# whose name starts with "Ferry "), prints what the window manager would read, and stops the app.
#   window-probe.sh LAUNCHER TIMEOUT_SECONDS
# Prints: seconds=N, title=..., class=..., icon=W, H, ARGB... (the _NET_WM_ICON cardinals).
set -u
launcher=$1 timeout=$2
"$launcher" >"${FERRY_PROBE_LOG:-/dev/null}" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
start=$(date +%s%N)
id=
while [ -z "$id" ]; do
  if ! kill -0 $pid 2>/dev/null; then echo "error=the app exited before its window showed"; exit 1; fi
  if [ $(( ($(date +%s%N) - start) / 1000000000 )) -ge "$timeout" ]; then echo "error=no window in ${timeout} s"; exit 1; fi
  id=$(xwininfo -root -tree 2>/dev/null | awk '/^ +0x[0-9a-f]+ "Ferry / { print $1; exit }')
  [ -n "$id" ] || sleep 0.2
done
# GTK sets the icon right after mapping the window; give it a moment to arrive.
for _ in $(seq 1 25); do
  icon=$(xprop -id "$id" -notype -f _NET_WM_ICON 32c '=$0+\n' _NET_WM_ICON 2>/dev/null | sed -n 's/^_NET_WM_ICON=//p')
  [ -n "$icon" ] && break
  sleep 0.2
done
echo "seconds=$(( ($(date +%s%N) - start) / 1000000 ))e-3"
xprop -id "$id" -notype -f _NET_WM_NAME 8u '=$0\n' _NET_WM_NAME | sed -n 's/^_NET_WM_NAME="\(.*\)"$/title=\1/p'
xprop -id "$id" -notype WM_CLASS | sed -n 's/^WM_CLASS = /class=/p'
echo "icon=$icon"
