"""`make serve` / `make web` (scripts/common.sh): Rasa's HTTP API only when asked, and then
only with a token. Without it, a page on another origin could rewrite any conversation
with a ``text/plain`` POST to /conversations/<id>/tracker/events (no CORS preflight)."""

from __future__ import annotations

import os
import subprocess

import pytest

from harness.stack import PROJECT_ROOT

SHOW_ARGS = (
    "COMMAND_NAME=test; VENV_BIN=.venv/bin; . scripts/common.sh; set_api_args >/dev/null; "
    'printf "%s\\n" "${API_ARGS[@]}"'
)


def api_args(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("RASA_API", "RASA_API_TOKEN", "RASA_INTERFACE")
    }
    environment.update(env)
    done = subprocess.run(
        ["bash", "-c", SHOW_ARGS],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.returncode, done.stdout.split(), done.stderr


def test_by_default_rasa_runs_without_its_http_api_on_this_machine_only():
    code, args, _ = api_args()
    assert code == 0 and "--enable-api" not in args
    assert args[args.index("--interface") + 1] == "127.0.0.1"


def test_the_api_needs_a_token_when_asked_for():
    code, args, error = api_args(RASA_API="1")
    assert code != 0 and "RASA_API_TOKEN" in error
    code, args, _ = api_args(RASA_API="1", RASA_API_TOKEN="long-random-token")
    assert code == 0 and "--enable-api" in args
    assert args[args.index("--auth-token") + 1] == "long-random-token"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_an_unclear_setting_is_refused(value):
    code, _, error = api_args(RASA_API=value)
    assert code != 0 and "RASA_API must be 1 or 0" in error
