"""Removes per-message costs of Rasa 3.6 that dominated CareerPath's response time.

Profiles of whole conversations under load (py-spy on ``rasa run``, 20 simulated users)
showed the Rasa server, not the action server, to be the bottleneck, and most of its time
going to bookkeeping around the work rather than the work:

* **Response validation.** Every custom action's response is checked with
  ``jsonschema.validate(result, schema)``, which first re-checks the *schema* against its
  meta-schema (~70 ms per call here), and then tries every event against all 23 branches
  of the schema's ``oneOf``. The schema is a constant: we check it once, and validate each
  event against the one branch its ``"event"`` name selects (every branch pins that name
  to a different constant, so exactly one branch can ever match: the same verdict). An
  invalid response is re-checked by the full validator, so it raises the same
  ``ValidationError`` with Rasa's own hint.
* **Event classes.** Deserialising an event looks its class up by walking every subclass
  of ``Event`` and calling ``inspect.isabstract`` on each, for every event of every stored
  tracker and action response (~9 % of the server's time). Found classes are remembered.
* **Action-server connections.** Every action call opened a new aiohttp session and a new
  TCP connection to the action server (~10 %). Endpoint sessions now share one
  keep-alive connection pool per event loop. A pooled connection can still be closed by
  the action server just as a call goes out (its keep-alive ran out while Rasa was busy,
  or it restarted): such a call ("Cannot write to closing transport", "Server
  disconnected", a reset) is sent once more on a new connection instead of failing the
  user's turn. The call's JSON (the whole tracker) is encoded with ujson.
* **The prediction graph without dask** (``graph_runner.py``): dask's scheduling of Rasa's
  small graphs took 12 % of the event loop.

Installed with the other patches by ``careerpath_rasa.patches.install()``. Each install is
idempotent. ``bench`` measures what each one buys (``--ablation``), and
``CAREERPATH_RASA_SPEEDUPS=0`` turns them all off for that comparison.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
from collections.abc import Callable
from typing import Any

import aiohttp
import ujson
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions import action as rasa_action
from rasa.shared.core.events import Event
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from careerpath_rasa.patches.graph_runner import install_sequential_graph_runner

_INSTALLED_FLAG = "_careerpath_speedup"
SWITCH = "CAREERPATH_RASA_SPEEDUPS"
# Below Sanic's 5 s keep-alive (the action server): the client drops an idle connection
# before the server does, so a request never races a closing socket.
KEEPALIVE_SECONDS = 3.0


def speedups_enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def install_rasa_speedups() -> None:
    """All of the above, unless switched off by ``CAREERPATH_RASA_SPEEDUPS=0``."""
    if not speedups_enabled():
        return
    install_cached_action_result_validator()
    install_event_class_cache()
    install_pooled_endpoint_sessions()
    install_sequential_graph_runner()


def _already(function: Callable) -> bool:
    return getattr(function, _INSTALLED_FLAG, False)


def _mark(function: Callable) -> Callable:
    setattr(function, _INSTALLED_FLAG, True)
    return function


# ---- response validation ---------------------------------------------------------------
class ActionResultValidator:
    """Rasa's action response schema, checked with one branch per event instead of 23."""

    def __init__(self, schema: dict[str, Any]):
        validator_class = validator_for(schema)
        validator_class.check_schema(schema)
        self.full = validator_class(schema)
        self.envelope, self.by_event_name = self._split(schema, validator_class)

    @staticmethod
    def _split(schema: dict[str, Any], validator_class):
        """The response without its events' ``oneOf``, and one validator per event name;
        (None, {}) when the schema is not shaped that way (then every check is the full one)."""
        try:
            events = schema["properties"]["events"]
            event_schema = dict(events["items"])
            branches = event_schema.pop("oneOf")
            names = [branch["properties"]["event"]["const"] for branch in branches]
        except (KeyError, TypeError):
            return None, {}
        if len(set(names)) != len(names) or not all(isinstance(name, str) for name in names):
            return None, {}
        envelope = {
            **schema,
            "properties": {
                **schema["properties"],
                "events": {key: value for key, value in events.items() if key != "items"},
            },
        }
        by_event_name = {
            name: validator_class({"allOf": [event_schema, branch]})
            for name, branch in zip(names, branches, strict=True)
        }
        return validator_class(envelope), by_event_name

    def is_valid(self, result: Any) -> bool:
        if self.envelope is None:
            return self.full.is_valid(result)
        if not self.envelope.is_valid(result):
            return False
        for event in result.get("events") or ():
            name = event.get("event") if isinstance(event, dict) else None
            validator = self.by_event_name.get(name) if isinstance(name, str) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True

    def first_error(self, result: Any):
        return best_match(self.full.iter_errors(result))  # what jsonschema.validate raises


def install_cached_action_result_validator() -> None:
    """Replaces ``RemoteAction._validate_action_result`` once per process."""
    if _already(rasa_action.RemoteAction._validate_action_result):
        return
    validator = ActionResultValidator(rasa_action.RemoteAction.action_response_format_spec())

    def _validate_action_result(self, result: dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        error = validator.first_error(result)
        if error is None:  # the two checks disagree: trust the full one
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{rasa_action.DOCS_BASE_URL}/custom-actions"
        )
        raise error

    rasa_action.RemoteAction._validate_action_result = _mark(_validate_action_result)


# ---- event classes ---------------------------------------------------------------------
def install_event_class_cache() -> None:
    """``Event.resolve_by_type`` remembers each class it found (misses still search).

    Several classes share a name (rasa.core.test's UserUttered subclasses are "user" too);
    the cache keeps whichever Rasa's search returns first, the direct subclass of Event.
    """
    original = Event.resolve_by_type
    if _already(original):
        return
    found: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        cached = found.get(type_name)
        if cached is not None:
            return cached
        event_class = original(type_name, default)
        if event_class is not None and getattr(event_class, "type_name", None) == type_name:
            found[type_name] = event_class  # a real match, not the default
        return event_class

    Event.resolve_by_type = staticmethod(_mark(resolve_by_type))


# ---- action-server connections ---------------------------------------------------------
_connectors: dict[int, Any] = {}


def shared_connector():
    """The keep-alive connection pool of the running event loop (created on first use)."""
    loop = asyncio.get_running_loop()
    connector = _connectors.get(id(loop))
    if connector is None or connector.closed or connector._loop is not loop:
        connector = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS)
        _connectors[id(loop)] = connector
    return connector


def install_pooled_endpoint_sessions() -> None:
    """``EndpointConfig.session()`` builds the same session as before, on the shared pool.

    ``connector_owner=False``: closing the per-request session (Rasa does, after each call)
    leaves the pool and its idle connections open for the next call.
    """
    if _already(EndpointConfig.session):
        return

    def session(self) -> aiohttp.ClientSession:
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        fresh = _fresh_connection.get()
        return aiohttp.ClientSession(
            json_serialize=encode_json,
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(force_close=True) if fresh else shared_connector(),
            connector_owner=fresh,
        )

    EndpointConfig.session = _mark(session)
    original_request = EndpointConfig.request

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original_request(self, *args, **kwargs)
        except Exception as error:
            if not stale_connection(error):
                raise
        token = _fresh_connection.set(True)
        try:
            return await original_request(self, *args, **kwargs)
        finally:
            _fresh_connection.reset(token)

    EndpointConfig.request = _mark(request)


def encode_json(payload: Any) -> str:
    """The JSON of an action call (the whole tracker), encoded by ujson (a Rasa dependency,
    about four times faster than ``json.dumps`` here: the encoding was 8 % of the event loop);
    whatever ujson refuses goes to ``json.dumps``, which decides as before."""
    try:
        return ujson.dumps(payload, ensure_ascii=False, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(payload)


# Set while a call is retried: the session gets a connection of its own, never pooled.
_fresh_connection: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "careerpath_fresh_connection", default=False
)


def stale_connection(error: BaseException) -> bool:
    """Did the call fail on a connection the server had closed (so sending it again on a
    new connection is the fix)? Refused connections and timeouts are not stale: the
    server is down or slow, and a retry would only double the wait."""
    if isinstance(error, (aiohttp.ClientConnectorError, asyncio.TimeoutError)):
        return False
    return isinstance(
        error,
        (
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientOSError,
            ConnectionResetError,
            BrokenPipeError,
        ),
    )
