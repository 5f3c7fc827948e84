#!/usr/bin/env bash
# `make serve`: the action server + Rasa with its channels (REST: POST
# http://localhost:5005/webhooks/rest/webhook, Telegram, reports), in the foreground.
# Ctrl-C stops both; if either stops on its own, the other is stopped too.
#
# RASA_PORT (5005), ACTIONS_PORT (5055), MODEL, and CORS_ORIGINS (space-separated; default:
# the demo website's origins on :8000 and the workspace's) can be overridden.
# WORKSPACE_PORT (8001): the counselor workspace (python -m workspace), started alongside.
#
# Rasa listens on RASA_INTERFACE (default 127.0.0.1). Its HTTP API (/conversations/*
# reads and rewrites any conversation, /model/* replaces the model) is off unless
# RASA_API=1, which also needs RASA_API_TOKEN: every API call then carries ?token=<it>.
# The channels (/webhooks/rest, /webhooks/telegram, /webhooks/reports) have their own checks.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=.venv/bin
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/careerpath.tar.gz}
WORKSPACE_PORT=${WORKSPACE_PORT:-8001}  # the counselor workspace; its guided page calls Rasa
read -r -a CORS <<< "${CORS_ORIGINS:-http://localhost:8000 http://127.0.0.1:8000 http://localhost:$WORKSPACE_PORT http://127.0.0.1:$WORKSPACE_PORT}"
LOG_DIR=var/logs
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

COMMAND_NAME="make serve"
PIDS=()
# shellcheck source=scripts/common.sh
. scripts/common.sh

[ -x "$VENV_BIN/rasa" ] || die "no $VENV_BIN/rasa: run 'make setup' first."
[ -f "$MODEL" ] || die "no model at $MODEL: run 'make train' first."

for port in "$RASA_PORT" "$ACTIONS_PORT" "$WORKSPACE_PORT"; do
    port_in_use "$port" && die "port $port is already in use. Stop what uses it, or set RASA_PORT / ACTIONS_PORT / WORKSPACE_PORT."
done

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/careerpath-serve.XXXXXX")
ENDPOINTS=$(endpoints_file)

mkdir -p "$LOG_DIR"
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "Stopping CareerPath..."
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$RUN_DIR"
    echo "Stopped."
}
# Ctrl-C reaches the servers too (same process group); the flag tells their exit apart
# from a crash.
STOPPING=""
trap 'STOPPING=yes' INT TERM
trap stop_all EXIT

set_api_args  # first: a refused setting starts nothing

start_action_server
start_workspace
echo "$WORKSPACE_LOGIN"

echo "Starting Rasa on :$RASA_PORT with the REST channel; CORS: ${CORS[*]}"
"$VENV_BIN/rasa" run "${API_ARGS[@]}" --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml \
    --port "$RASA_PORT" --cors "${CORS[@]}" &
PIDS+=($!)

echo "REST: POST http://localhost:$RASA_PORT/webhooks/rest/webhook  {\"sender\": \"me\", \"message\": \"hi\"}"
echo "Press Ctrl-C to stop both servers."
wait -n  # returns when either server exits (or on Ctrl-C); the EXIT trap stops the other
sleep 0.5  # let a Ctrl-C that also stopped a server set STOPPING first
[ -n "$STOPPING" ] && exit 130
echo "A server stopped unexpectedly; see $LOG_DIR/actions.log and the output above." >&2
exit 1
