#!/usr/bin/env bash
# Smoke test of the real app in a real terminal: index the seeds, open the app in tmux,
# type a search, open the first hit, and print the captured screen.
# Usage: bench/tmux_smoke.sh [QUERY]   (needs tmux; run from anywhere)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seeds="$here/../shared/seeds"
query="${1:-Sutskever}"
work="$(mktemp -d)"
trap 'tmux kill-session -t polyglance-smoke 2>/dev/null || true; rm -rf "$work"' EXIT
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install tmux)"; exit 1; }
polyglance="${POLYGLANCE:-polyglance}"
"$polyglance" index "$seeds" --index "$work/index.sqlite" 2>/dev/null
tmux new-session -d -s polyglance-smoke -x 140 -y 45 \
  "$polyglance browse --index $work/index.sqlite; sleep 5"
sleep 2
tmux send-keys -t polyglance-smoke "/"
tmux send-keys -t polyglance-smoke -l "$query"
sleep 1
tmux send-keys -t polyglance-smoke Enter
sleep 1
echo "=== after typing '$query' and Enter (the hits) ==="
tmux capture-pane -t polyglance-smoke -p
tmux send-keys -t polyglance-smoke Enter
sleep 1
echo "=== after Enter on the first hit (its row in every pane) ==="
tmux capture-pane -t polyglance-smoke -p
tmux send-keys -t polyglance-smoke q
