#!/usr/bin/env bash
# `make serve`: the action server + Rasa's HTTP API with the REST channel
# (POST http://localhost:5005/webhooks/rest/webhook), in the foreground.
# Ctrl-C stops both; if either stops on its own, the other is stopped too.
#
# RASA_PORT (5005), ACTIONS_PORT (5055), MODEL, and CORS_ORIGINS (space-separated; default:
# the demo website's origins on :8000) can be overridden.
#
# RASA_API_TOKEN: Rasa's HTTP API (--enable-api: /conversations/* reads and rewrites any
# conversation, /model/* replaces the model) then needs ?token=<it>, and Rasa listens on
# every interface. Without it the API has no protection at all, so Rasa listens on
# 127.0.0.1 only. The channels (/webhooks/rest, /webhooks/telegram, /webhooks/reports)
# have their own checks and never need this token.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=.venv/bin
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/careerpath.tar.gz}
read -r -a CORS <<< "${CORS_ORIGINS:-http://localhost:8000 http://127.0.0.1:8000}"
LOG_DIR=var/logs
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

die() { echo "make serve: $*" >&2; exit 1; }

[ -x "$VENV_BIN/rasa" ] || die "no $VENV_BIN/rasa: run 'make setup' first."
[ -f "$MODEL" ] || die "no model at $MODEL: run 'make train' first."

port_in_use() {
    "$VENV_BIN/python" - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}
for port in "$RASA_PORT" "$ACTIONS_PORT"; do
    port_in_use "$port" && die "port $port is already in use. Stop what uses it, or set RASA_PORT / ACTIONS_PORT."
done

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/careerpath-serve.XXXXXX")
ENDPOINTS=endpoints.yml
if [ "$ACTIONS_PORT" != 5055 ]; then
    ENDPOINTS="$RUN_DIR/endpoints.yml"
    sed "s#localhost:5055#localhost:$ACTIONS_PORT#" endpoints.yml > "$ENDPOINTS"
fi

mkdir -p "$LOG_DIR"
PIDS=()
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

echo "Starting the action server on :$ACTIONS_PORT (log: $LOG_DIR/actions.log)"
"$VENV_BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
PIDS+=($!)

API_ARGS=(--enable-api)
if [ -n "${RASA_API_TOKEN:-}" ]; then
    API_ARGS+=(--auth-token "$RASA_API_TOKEN")
else
    API_ARGS+=(--interface 127.0.0.1)
    echo "make serve: warning: RASA_API_TOKEN is not set, so Rasa's HTTP API is open to this machine only (listening on 127.0.0.1)." >&2
fi

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
