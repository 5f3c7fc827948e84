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

# The counselor workspace (python -m workspace) on WORKSPACE_PORT, on the bot's database. The
# first start creates the demo admin; its password is in WORKSPACE_LOGIN, to print once.
start_workspace() {
    WORKSPACE_LOGIN=$("$VENV_BIN/python" -m workspace demo-admin) || die "could not prepare the workspace accounts"
    echo "Starting the counselor workspace on :$WORKSPACE_PORT (log: $LOG_DIR/workspace.log)"
    WORKSPACE_PORT="$WORKSPACE_PORT" WORKSPACE_RASA_URL="http://localhost:$RASA_PORT" \
        "$VENV_BIN/python" -m workspace serve >"$LOG_DIR/workspace.log" 2>&1 &
    PIDS+=($!)
}

start_action_server() {
    echo "Starting the action server on :$ACTIONS_PORT (log: $LOG_DIR/actions.log)"
    "$VENV_BIN/python" -m actions.server --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
    PIDS+=($!)
}

# Rasa's HTTP API (/conversations/*, /model/*) reads and rewrites any conversation, and a
# page on another origin can reach it with a "simple" POST that no CORS rule stops. So it is
# off unless RASA_API=1, and then only with RASA_API_TOKEN (?token=... on every API call).
# Rasa listens on RASA_INTERFACE (default 127.0.0.1: this machine only).
set_api_args() {
    API_ARGS=(--interface "${RASA_INTERFACE:-127.0.0.1}")
    case "${RASA_API:-0}" in
        1|yes|true|on)
            [ -n "${RASA_API_TOKEN:-}" ] || die "RASA_API=1 needs RASA_API_TOKEN (a long random string): \
Rasa's HTTP API can read, rewrite and delete any conversation."
            API_ARGS+=(--enable-api --auth-token "$RASA_API_TOKEN")
            echo "Rasa's HTTP API is on; every call needs ?token=\$RASA_API_TOKEN." ;;
        0|no|false|off|"") ;;
        *) die "RASA_API must be 1 or 0 (got '$RASA_API')." ;;
    esac
}

# Rasa answers on the REST channel's health route once the model is loaded.
rasa_ready() {
    "$VENV_BIN/python" - "$1" <<'PY' 2>/dev/null
import json, sys, urllib.request
body = json.load(urllib.request.urlopen(sys.argv[1] + "/webhooks/rest/", timeout=3))
sys.exit(0 if body.get("status") == "ok" else 1)
PY
}
