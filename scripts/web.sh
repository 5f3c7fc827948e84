#!/usr/bin/env bash
# `make web`: the demo academy site with the CareerPath chat widget, on this machine.
# Starts the action server, Rasa (REST channel; CORS allows the demo page's origin only) and a
# static file server for web/, prints the URL, and stops all three on Ctrl-C.
#
# Ports: WEB_PORT (8000), RASA_PORT (5005), ACTIONS_PORT (5055). MODEL picks another model file.
# Rasa's HTTP API stays off unless RASA_API=1 (then RASA_API_TOKEN is required), as in
# scripts/serve.sh. The widget uses the REST channel, which needs neither.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=.venv/bin
WEB_PORT=${WEB_PORT:-8000}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/careerpath.tar.gz}
RASA_URL="http://localhost:$RASA_PORT"
PAGE_URL="http://localhost:$WEB_PORT/"
# The page may be opened as localhost or 127.0.0.1: those are two different origins to a browser.
PAGE_ORIGINS=("http://localhost:$WEB_PORT" "http://127.0.0.1:$WEB_PORT")
# The counselor workspace; its guided-session page talks to Rasa from its own origin.
WORKSPACE_PORT=${WORKSPACE_PORT:-8001}
PAGE_ORIGINS+=("http://localhost:$WORKSPACE_PORT" "http://127.0.0.1:$WORKSPACE_PORT")
LOG_DIR=var/web-logs
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/careerpath-web.XXXXXX")
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

COMMAND_NAME="make web"
PIDS=()
# shellcheck source=scripts/common.sh
. scripts/common.sh

[ -x "$VENV_BIN/rasa" ] || die "no $VENV_BIN/rasa: run 'make setup' first."
[ -f "$MODEL" ] || die "no model at $MODEL: run 'make train' first."

for port in "$WEB_PORT" "$RASA_PORT" "$ACTIONS_PORT" "$WORKSPACE_PORT"; do
    if port_in_use "$port"; then
        die "port $port is already in use (is 'make serve' or another 'make web' running?). \
Stop it, or choose ports: WEB_PORT=8100 RASA_PORT=5105 ACTIONS_PORT=5155 make web"
    fi
done

# The demo page names http://localhost:5005 and endpoints.yml names :5055; other ports get copies.
WEB_ROOT=web
if [ "$RASA_PORT" != 5005 ]; then
    WEB_ROOT="$RUN_DIR/web"
    cp -r web "$WEB_ROOT"
    sed -i "s#data-server=\"http://localhost:5005\"#data-server=\"$RASA_URL\"#" "$WEB_ROOT/index.html"
fi
ENDPOINTS=$(endpoints_file)

mkdir -p "$LOG_DIR"
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "Stopping the demo..."
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$RUN_DIR"
    echo "Stopped."
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

set_api_args  # first: a refused setting starts nothing

# The guided report's link in the chat opens it in this workspace (the counselor signs in there).
export WORKSPACE_URL=${WORKSPACE_URL:-http://localhost:$WORKSPACE_PORT}
start_action_server

echo "Starting Rasa on :$RASA_PORT, CORS for ${PAGE_ORIGINS[*]} (log: $LOG_DIR/rasa.log)"
"$VENV_BIN/rasa" run "${API_ARGS[@]}" --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml \
    --port "$RASA_PORT" --cors "${PAGE_ORIGINS[@]}" >"$LOG_DIR/rasa.log" 2>&1 &
PIDS+=($!)

echo "Serving $WEB_ROOT/ on :$WEB_PORT"
"$VENV_BIN/python" -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory "$WEB_ROOT" >"$LOG_DIR/web.log" 2>&1 &
PIDS+=($!)

start_workspace

echo "Waiting for Rasa to load the model (about a minute)..."
ready=""
for _ in $(seq 1 240); do
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || die "a server stopped during start-up; see $LOG_DIR/*.log"
    done
    if rasa_ready "$RASA_URL"; then
        ready=yes
        break
    fi
    sleep 1
done
[ -n "$ready" ] || die "Rasa did not become ready in 4 minutes; see $LOG_DIR/rasa.log"

cat <<MSG

  CareerPath website demo is ready:

      $PAGE_URL                 (student chat: click "Chat with CareerPath")
      ${PAGE_URL}?mode=guided   (counselor guided session)
      http://localhost:$WORKSPACE_PORT/        (counselor workspace)
  $WORKSPACE_LOGIN

  Press Ctrl-C to stop everything.
MSG
wait -n  # returns when any server exits (or on Ctrl-C); the EXIT trap stops the others
echo "A server stopped unexpectedly; see $LOG_DIR/*.log" >&2
exit 1
