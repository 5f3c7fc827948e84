# Shared by scripts/serve.sh and scripts/web.sh (sourced, not run).
# Expects: COMMAND_NAME, VENV_BIN, ACTIONS_PORT, LOG_DIR, RUN_DIR and a PIDS array.

die() { echo "$COMMAND_NAME: $*" >&2; exit 1; }

port_in_use() {
    "$VENV_BIN/python" - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

# endpoints.yml names the action server on :5055; another port gets a temporary copy.
endpoints_file() {
    if [ "$ACTIONS_PORT" = 5055 ]; then
        echo endpoints.yml
    else
        sed "s#localhost:5055#localhost:$ACTIONS_PORT#" endpoints.yml > "$RUN_DIR/endpoints.yml"
        echo "$RUN_DIR/endpoints.yml"
    fi
}

start_action_server() {
    echo "Starting the action server on :$ACTIONS_PORT (log: $LOG_DIR/actions.log)"
    "$VENV_BIN/python" -m actions.server --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
    PIDS+=($!)
}

# Rasa's HTTP API can read and rewrite any conversation: with RASA_API_TOKEN it needs that
# token and listens everywhere; without one it listens on this machine only.
set_api_args() {
    API_ARGS=(--enable-api)
    if [ -n "${RASA_API_TOKEN:-}" ]; then
        API_ARGS+=(--auth-token "$RASA_API_TOKEN")
    else
        API_ARGS+=(--interface 127.0.0.1)
        echo "$COMMAND_NAME: warning: RASA_API_TOKEN is not set, so Rasa's HTTP API is open to this machine only (listening on 127.0.0.1)." >&2
    fi
}
