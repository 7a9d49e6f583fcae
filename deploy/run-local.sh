#!/usr/bin/env bash
# The end of `make run`: a local Prefect server (its SQLite database in var/prefect), the
# pipelines' deployments served beside it (python -m web.pipelines), then Django's
# development server in the foreground. When the development server stops (Ctrl-C), the two
# background processes are stopped too. Offline: nothing here needs the network.
#
# Environment: HOST, PORT (the web app), PREFECT_PORT (4200), PY (.venv/bin/python),
# PIPELINES (the module that serves the deployments).
set -euo pipefail

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
PREFECT_PORT=${PREFECT_PORT:-4200}
PY=${PY:-.venv/bin/python}
PIPELINES=${PIPELINES:-web.pipelines}
WAIT_SECONDS=${PREFECT_WAIT_SECONDS:-180}

export PREFECT_HOME="${GONGKAI_VAR_DIR:-$PWD/var}/prefect"
export PREFECT_API_URL="http://127.0.0.1:$PREFECT_PORT/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT=false
# Leases of deployment concurrency slots kept on disk, so that a run left behind by a killed
# session gives its slot back a minute after the restart instead of blocking its deployment.
export PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE=prefect.server.concurrency.lease_storage.filesystem
export PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION=60
# `serve` asks the server for scheduled runs every 2 s (Prefect's default is 10): the run the
# web app asks for after an approval starts within 2 s.
export PREFECT_RUNNER_POLL_FREQUENCY=${PREFECT_RUNNER_POLL_FREQUENCY:-2}
mkdir -p "$PREFECT_HOME"

# Each process runs in its own session (setsid), so that Ctrl-C reaches only this script,
# which then stops them all, each with its children (the development server's reloader, the
# flow runs of `serve`). The script waits in `wait`, which a signal interrupts at once.
started=()   # process group ids of what this script started
start() {
  setsid "$@" &
  started+=($!)
}
stop() {
  # newest first: the web app, then `serve` (it pauses its deployments on the server as it
  # stops), then the Prefect server; each gets 10 s before it is killed
  local i pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid=${started[i]}
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

healthy() {
  "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "$PREFECT_API_URL/health" >/dev/null 2>&1
}

if healthy; then
  echo "A Prefect server already answers on port $PREFECT_PORT: using it."
else
  echo "Starting the Prefect server (log: $PREFECT_HOME/server.log)..."
  began=$SECONDS
  start "$(dirname "$PY")/prefect" server start --host 127.0.0.1 --port "$PREFECT_PORT" \
    >"$PREFECT_HOME/server.log" 2>&1
  until healthy; do
    if ! kill -0 "${started[-1]}" 2>/dev/null; then
      echo "The Prefect server stopped while starting (port $PREFECT_PORT taken? make run PREFECT_PORT=4201); the end of $PREFECT_HOME/server.log:" >&2
      tail -n 20 "$PREFECT_HOME/server.log" >&2
      exit 1
    fi
    if ((SECONDS - began > WAIT_SECONDS)); then
      echo "The Prefect server did not answer within $WAIT_SECONDS s ($PREFECT_HOME/server.log)." >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "Prefect server ready after $((SECONDS - began)) s."
fi

if "$PY" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec(sys.argv[1]) is None)' \
  "$PIPELINES" 2>/dev/null; then
  echo "Serving the pipelines' deployments: python -m $PIPELINES (log: $PREFECT_HOME/serve.log)"
  start "$PY" -m "$PIPELINES" >"$PREFECT_HOME/serve.log" 2>&1
else
  echo "No module $PIPELINES yet: the pipelines are not served." >&2
fi

echo
echo "  门户 Portal:        http://$HOST:$PORT/"
echo "  工作平台 Staff:     http://$HOST:$PORT/staff/"
echo "  系统管理 Admin:     http://$HOST:$PORT/admin/"
echo "  健康检查 Health:    http://$HOST:$PORT/healthz"
echo "  流水线 Prefect UI:  http://127.0.0.1:$PREFECT_PORT/"
echo
start "$PY" manage.py runserver "$HOST:$PORT" </dev/null
wait "${started[-1]}"
