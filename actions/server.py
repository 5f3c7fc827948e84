"""The action server: rasa-sdk's own app, with its front door checked.

    python -m actions.server --port 5055        (what `make serve`, `make run` and the tests start)

Same options as ``rasa run actions`` (rasa-sdk's argument parser), plus what rasa-sdk 3.6
leaves out:

* **Malformed calls get 4xx.** rasa-sdk's /webhook reads ``action_call["tracker"]`` and
  calls ``.get`` on the body without checking types, so a JSON list, a string or a call
  without a tracker answered 500 with a traceback in the log. A request middleware now
  answers those 400 with a JSON error before rasa-sdk sees them (corrupt compressed
  bodies and JSON nested too deeply for the parser too), and 415 to a body not declared
  ``application/json`` (Rasa always declares it; a cross-site ``text/plain`` post from a
  browser page would not).
* **HTTP errors keep their status.** rasa-sdk turns every exception into a 500, Sanic's
  own "method not allowed" and "not found" included (``GET /webhook`` answered 500). They
  are 405 and 404 again.
* **Loopback by default.** rasa-sdk listens on every interface unless ``SANIC_HOST``
  says otherwise; only Rasa talks to this server, so it listens on 127.0.0.1 unless
  ``SANIC_HOST`` is set (a container or another host: ``SANIC_HOST=0.0.0.0``).
* **Optional shared token.** With ``ACTION_SERVER_TOKEN`` set, /webhook and /actions
  answer 401 unless the call carries it as ``?token=`` (Rasa's ``action_endpoint:
  token:``, see endpoints.prod.yml); /health stays open for load balancers.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import zlib
from typing import Any

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"
DEFAULT_HOST = "127.0.0.1"
WEBHOOK_PATH = "/webhook"
TOKEN_PATHS = (WEBHOOK_PATH, "/actions")  # /health stays open


def action_call_problem(body: bytes, content_encoding: str | None) -> str | None:
    """Why ``body`` is not an action call Rasa would send, or None when it is one."""
    if content_encoding == "deflate":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            return "the body is not valid deflate data"
    try:
        call: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "the body is not valid JSON"
    except RecursionError:
        return "the body is nested too deeply"
    if not isinstance(call, dict):
        return "an action call is a JSON object"
    if not isinstance(call.get("next_action"), str) or not call["next_action"]:
        return "next_action must be the name of an action"
    if not isinstance(call.get("tracker"), dict):
        return "tracker must be an object (the conversation state Rasa sends)"
    for key in ("domain",):
        if call.get(key) is not None and not isinstance(call[key], dict):
            return f"{key} must be an object"
    if call.get("version") is not None and not isinstance(call["version"], str):
        return "version must be a string"
    return None


def token_accepted(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def check_webhook_request(
    path: str,
    method: str,
    body: bytes,
    content_encoding: str | None,
    token: str | None,
    content_type: str | None = "application/json",
) -> tuple[int, dict] | None:
    """(status, JSON body) to answer instead of rasa-sdk, or None to let the call through."""
    path = path.rstrip("/")
    if path not in TOKEN_PATHS:
        return None
    expected = os.environ.get(TOKEN_VARIABLE)
    if expected and not token_accepted(expected, token):
        return 401, {"error": "unauthorised", "message": "this action server needs its token"}
    if path != WEBHOOK_PATH or method != "POST":
        return None  # rasa-sdk's own routing: GET /actions, 405 for other methods
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        return 415, {
            "error": "unsupported_media_type",
            "message": "send the action call as application/json",
        }
    problem = action_call_problem(body or b"", content_encoding)
    if problem:
        return 400, {"error": "invalid_action_call", "message": problem}
    return None


def add_request_checks(app) -> None:
    from sanic import response
    from sanic.exceptions import SanicException

    @app.middleware("request")
    async def reject_malformed_calls(request):
        verdict = check_webhook_request(
            request.path,
            request.method,
            request.body,
            request.headers.get("Content-Encoding"),
            request.args.get("token"),
            request.headers.get("Content-Type"),
        )
        if verdict is not None:
            status, body = verdict
            if status == 400:
                logger.warning(
                    "Rejected a malformed action call from %s: %s", request.ip, body["message"]
                )
            return response.json(body, status=status)
        return None

    # Sanic picks the handler of the closest class: these no longer reach rasa-sdk's
    # catch-all, which answered 500 for a wrong method or path.
    @app.exception(SanicException)
    async def http_error(request, error: SanicException):
        status = getattr(error, "status_code", 500) or 500
        headers = dict(getattr(error, "headers", None) or {})
        return response.json({"error": str(error)}, status=status, headers=headers)


def serve(args) -> None:
    """rasa_sdk.endpoint.run with the checks above and a loopback default."""
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_app, create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    from actions.language import answer_in_the_conversations_language

    answer_in_the_conversations_language()
    app = create_app(args.actions, cors_origins=args.cors, auto_reload=args.auto_reload)
    add_request_checks(app)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", DEFAULT_HOST)
    if os.environ.get(TOKEN_VARIABLE) is None and host not in ("127.0.0.1", "localhost", "::1"):
        logger.warning(
            "The action server listens on %s without %s: anyone who can reach it can run "
            "actions for any sender.",
            host,
            TOKEN_VARIABLE,
        )
    logger.info(
        "Action endpoint is up and running on %s://%s:%s",
        "https" if ssl_context else "http",
        host,
        args.port,
    )
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


def main(argv=None) -> None:
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_argument_parser

    args = create_argument_parser().parse_args(argv)
    if not args.actions:
        args.actions = "actions"
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    serve(args)


if __name__ == "__main__":
    main()
