#!/usr/bin/env bash
# `make run`: chat with CareerPath in the terminal.
# Starts the action server in the background (log: var/logs/actions.log), waits until it
# answers, opens `rasa shell`, and stops the action server when the shell exits.
#
# ACTIONS_PORT (5055) and MODEL (models/careerpath.tar.gz) can be overridden.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=.venv/bin
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/careerpath.tar.gz}
LOG_DIR=var/logs
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
# SQLAlchemy's one "2.0 is coming" notice; other packages' deprecation warnings are held
# back by scripts/rasa_quietly.py.
export SQLALCHEMY_SILENCE_UBER_WARNING=1

die() { echo "make run: $*" >&2; exit 1; }

[ -x "$VENV_BIN/rasa" ] || die "no $VENV_BIN/rasa: run 'make setup' first."
[ -f "$MODEL" ] || die "no model at $MODEL: run 'make train' first."

health_ok() {
    "$VENV_BIN/python" -c "
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen('http://localhost:$ACTIONS_PORT/health', timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)"
}
health_ok && die "port $ACTIONS_PORT already answers (is 'make serve' running?). Stop it or set ACTIONS_PORT."

# endpoints.yml names :5055; another port gets a temporary copy.
ENDPOINTS=endpoints.yml
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/careerpath-chat.XXXXXX")
if [ "$ACTIONS_PORT" != 5055 ]; then
    ENDPOINTS="$RUN_DIR/endpoints.yml"
    sed "s#localhost:5055#localhost:$ACTIONS_PORT#" endpoints.yml > "$ENDPOINTS"
fi

mkdir -p "$LOG_DIR"
echo "Starting the action server on :$ACTIONS_PORT (log: $LOG_DIR/actions.log)..."
"$VENV_BIN/python" -m actions.server --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
ACTIONS_PID=$!

stop_actions() {
    trap - INT TERM EXIT
    kill "$ACTIONS_PID" 2>/dev/null
    wait "$ACTIONS_PID" 2>/dev/null
    rm -rf "$RUN_DIR"
}
trap stop_actions EXIT
trap 'stop_actions; exit 130' INT TERM

for _ in $(seq 1 240); do
    kill -0 "$ACTIONS_PID" 2>/dev/null || { tail -20 "$LOG_DIR/actions.log" >&2; die "the action server stopped; see $LOG_DIR/actions.log"; }
    health_ok && break
    sleep 0.5
done
health_ok || die "the action server did not answer in 2 minutes; see $LOG_DIR/actions.log"

echo "Loading the assistant (about 30 seconds). Type 'hi' to begin, /restart to start over, /stop to quit."
# --quiet: Rasa's start-up INFO lines go; WARNING and ERROR lines (ours included) stay.
"$VENV_BIN/python" scripts/rasa_quietly.py shell --quiet --model "$MODEL" --endpoints "$ENDPOINTS"
