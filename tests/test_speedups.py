"""The Rasa-side speedups change cost, not behaviour (careerpath_rasa/patches/speedups.py)."""

from __future__ import annotations

import asyncio
import copy
import random

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

from careerpath_rasa.patches import speedups
from careerpath_rasa.patches.speedups import (
    ActionResultValidator,
    install_cached_action_result_validator,
    install_event_class_cache,
    install_pooled_endpoint_sessions,
    install_rasa_speedups,
)


@pytest.fixture(scope="module")
def remote_action():
    install_cached_action_result_validator()
    install_cached_action_result_validator()  # idempotent: a second call changes nothing
    return RemoteAction("action_anything", action_endpoint=None)


def test_a_valid_response_passes(remote_action):
    result = {
        "events": [{"event": "slot", "name": "skills", "value": "Tally"}],
        "responses": [{"text": "Got it"}],
    }
    assert remote_action._validate_action_result(result) is True


@pytest.mark.parametrize(
    "result",
    [
        {"events": "not a list"},
        {"events": [{"event": "no_such_event"}]},
        {"events": [{"name": "skills", "value": "x"}]},
        {"events": [{"event": "slot", "name": "skills"}]},
        {"events": ["slot"]},
        {"responses": "hello"},
    ],
)
def test_an_invalid_response_raises_rasa_s_error_with_its_hint(remote_action, result):
    with pytest.raises(ValidationError) as raised:
        remote_action._validate_action_result(result)
    assert "Failed to validate Action server response" in raised.value.message


# Every event the schema knows, in a valid form, to mutate below.
VALID_EVENTS = [
    {
        "event": "user",
        "text": "hi",
        "parse_data": {
            "intent": {"name": "greet", "confidence": 1.0},
            "entities": [{"entity": "track", "value": "BPO"}],
        },
    },
    {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
    {"event": "slot", "name": "education", "value": {"degree": "bcom"}},
    {"event": "entities", "entities": [{"entity": "role_type", "value": "hr_bpo"}]},
    {"event": "bot", "text": "hello", "data": {"buttons": []}},
    {"event": "active_loop", "name": "profile_form"},
    {"event": "followup", "name": "action_recommend"},
    {"event": "reset_slots"},
    {"event": "restart"},
    {"event": "session_started"},
    {"event": "rewind"},
    {"event": "undo"},
    {"event": "pause"},
    {"event": "resume"},
    {"event": "export"},
    {"event": "form"},
    {"event": "form_validation", "validate": False},
    {"event": "loop_interrupted", "is_interrupted": True},
    {"event": "action_execution_rejected", "name": "profile_form"},
    {"event": "reminder"},
    {"event": "cancel_reminder"},
    {"event": "user_featurization"},
    {"event": "agent", "text": "hi"},
]
BAD_VALUES = [None, 3, "text", [], {}, 1.5, True, {"nested": [1]}]


def _mutations(rng: random.Random, count: int):
    """Seeded random responses: valid events, some with a field broken or the name changed."""
    for _ in range(count):
        events = [copy.deepcopy(rng.choice(VALID_EVENTS)) for _ in range(rng.randint(0, 5))]
        for event in events:
            roll = rng.random()
            if roll < 0.25:
                event[rng.choice(sorted(event))] = rng.choice(BAD_VALUES)
            elif roll < 0.3:
                event["event"] = rng.choice(["slots", "USER", "", "bot "])
            elif roll < 0.35:
                event.pop("event")
            elif roll < 0.4:
                event["timestamp"] = rng.choice(BAD_VALUES)
        result = {"events": events}
        roll = rng.random()
        if roll < 0.05:
            result["events"] = rng.choice(BAD_VALUES)
        elif roll < 0.1:
            result["responses"] = rng.choice([[{"text": "ok"}], ["ok"], "ok", [{"text": 3}]])
        elif roll < 0.12:
            result["events"].append(rng.choice(BAD_VALUES))
        yield result


def test_the_per_event_check_gives_the_full_schema_s_verdict_every_time():
    schema = RemoteAction.action_response_format_spec()
    full = validator_for(schema)(schema)
    fast = ActionResultValidator(schema)
    assert fast.envelope is not None and len(fast.by_event_name) == 23
    results = list(_mutations(random.Random(20261122), 3000))
    verdicts = [full.is_valid(result) for result in results]
    assert 300 < sum(verdicts) < 2700  # both kinds are well represented
    assert [fast.is_valid(result) for result in results] == verdicts


def test_a_schema_of_another_shape_falls_back_to_the_full_check():
    schema = {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "items": {"oneOf": [{"type": "object"}, {"type": "string"}]},
            }
        },
    }
    fast = ActionResultValidator(schema)
    assert fast.envelope is None
    assert fast.is_valid({"events": [{}, "x"]}) and not fast.is_valid({"events": [3]})


def test_event_classes_are_the_ones_rasa_finds():
    from rasa.shared.core import events as rasa_events
    from rasa.shared.utils.common import all_subclasses

    def rasa_s_choice(type_name):  # Rasa's own rule: the first subclass with that name
        return next(cls for cls in all_subclasses(rasa_events.Event) if cls.type_name == type_name)

    install_event_class_cache()
    install_event_class_cache()
    names = {event_class.type_name for event_class in all_subclasses(rasa_events.Event)}
    assert {"user", "bot", "slot", "action", "session_started"} <= names
    for name in sorted(names):
        for _ in range(2):  # the second lookup comes from the cache
            assert rasa_events.Event.resolve_by_type(name) is rasa_s_choice(name)
    assert rasa_events.Event.resolve_by_type("user") is rasa_events.UserUttered
    assert rasa_events.Event.resolve_by_type("topic") is None
    assert (
        rasa_events.Event.resolve_by_type("no_such_event", rasa_events.SlotSet)
        is rasa_events.SlotSet
    )
    with pytest.raises(ValueError):
        rasa_events.Event.resolve_by_type("no_such_event")
    restored = rasa_events.Event.from_parameters(
        {"event": "slot", "name": "skills", "value": ["tally"]}
    )
    assert restored == rasa_events.SlotSet("skills", ["tally"])


async def test_endpoint_calls_reuse_one_connection():
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    install_pooled_endpoint_sessions()
    install_pooled_endpoint_sessions()
    connections = set()

    async def webhook(request):
        connections.add(request.transport.get_extra_info("peername"))  # the client's port
        return web.json_response({"events": [], "responses": [], "seen": await request.json()})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        answers = [await endpoint.request(json={"turn": turn}, method="post") for turn in range(5)]
        assert [answer["seen"]["turn"] for answer in answers] == list(range(5))
        assert len(connections) == 1  # one keep-alive connection, not one per call
    finally:
        await runner.cleanup()
        await speedups.shared_connector().close()


def test_the_switch_turns_every_speedup_off(monkeypatch):
    monkeypatch.setenv(speedups.SWITCH, "0")
    assert not speedups.speedups_enabled()
    called = []
    monkeypatch.setattr(
        speedups, "install_cached_action_result_validator", lambda: called.append(1)
    )
    install_rasa_speedups()
    assert called == []
    monkeypatch.setenv(speedups.SWITCH, "1")
    install_rasa_speedups()
    assert called == [1]


def test_asyncio_loop_gets_its_own_pool():
    async def pool():
        connector = speedups.shared_connector()
        assert speedups.shared_connector() is connector  # one per loop
        await connector.close()
        return connector

    first, second = asyncio.run(pool()), asyncio.run(pool())
    assert first is not second


def test_action_calls_are_encoded_to_the_same_json():
    import json

    import numpy as np
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    tracker = DialogueStateTracker.from_events(
        "encoding",
        [
            ActionExecuted("action_listen"),
            UserUttered(
                'मैंने बी.कॉम किया है / B.Com "DU"',
                parse_data={
                    "intent": {"name": "inform", "confidence": np.float64(0.8123456789012345)},
                    "intent_ranking": [{"name": "inform", "confidence": 1e-7}],
                    "entities": [{"entity": "degree", "start": 0, "end": 5, "value": "bcom"}],
                },
            ),
            SlotSet("profile", {"skills": ["excel", "tally"], "years": 1.5, "fresher": None}),
            BotUttered("कौन-सी skills?", {"buttons": [{"title": "Excel", "payload": "/inform"}]}),
        ],
    )
    call = {"next_action": "x", "tracker": tracker.current_state(EventVerbosity.ALL)}
    assert json.loads(speedups.encode_json(call)) == json.loads(json.dumps(call))
    nan = {"nan": float("nan")}
    assert json.loads(speedups.encode_json(nan))["nan"] != 0  # NaN, as json.dumps writes it
    assert "NaN" in speedups.encode_json(nan)
    with pytest.raises(TypeError):  # what json.dumps refuses is still refused
        speedups.encode_json({"count": np.int64(3)})
