#!/usr/bin/env bash
# stack:down — stops exactly the processes stack:up started (by their pid files), newest first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
shopt -s nullglob
for f in "$PIDS"/envoy-*.pid; do n="$(basename "$f" .pid)"; step "stopping $n"; stop_pid "$n"; done
for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
  n="${COMPONENTS[$i]}"
  [ -f "$PIDS/$n.pid" ] || continue
  step "stopping $n"; stop_pid "$n"
done
step "stopped"
