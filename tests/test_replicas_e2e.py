"""Scale-out: two `rasa run` replicas + one action server on PostgreSQL and Redis.

Runs the production profile itself (endpoints.prod.yml, every value from environment
variables) against a fresh, randomly named PostgreSQL database (dropped afterwards) and a
random Redis key prefix. 20 conversations run concurrently; each conversation's turns
alternate between the two replicas, so only the shared tracker store and the Redis lock
store keep them coherent. Checked in PostgreSQL: every user turn stored exactly once, in
order, no duplicated event, and both replicas report the same slots.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.services import (
    PG_HOST,
    PG_PORT,
    PG_USER,
    REDIS_HOST,
    REDIS_PORT,
    ensure_postgres,
    ensure_redis,
    temporary_postgres_database,
)
from harness.stack import PROJECT_ROOT, RasaStack, http_json, start_static_server
from tests.test_persistence_e2e import FIRST_HALF, PROFILE_SLOTS, SECOND_HALF, recommendations_in

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

CONVERSATIONS = 20
TURNS = FIRST_HALF + SECOND_HALF + ["/affirm"]


def production_environment(
    stack: RasaStack, tracker_db: str, project_url: str, prefix: str
) -> dict:
    return {
        "ACTION_SERVER_URL": f"{stack.actions_url}/webhook",
        "ACTION_SERVER_TOKEN": f"token-{prefix}",
        "TRACKER_DB_HOST": PG_HOST,
        "TRACKER_DB_PORT": str(PG_PORT),
        "TRACKER_DB_NAME": tracker_db,
        "TRACKER_DB_USER": PG_USER,
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": REDIS_HOST,
        "REDIS_PORT": str(REDIS_PORT),
        "REDIS_DB": "0",
        "REDIS_KEY_PREFIX": prefix,
        "DATABASE_URL": project_url,
        "TRACKER_STORE_URL": f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{tracker_db}",
    }


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    ensure_postgres()
    ensure_redis()
    prefix = f"careerpathtest{uuid.uuid4().hex[:10]}"
    endpoints = (PROJECT_ROOT / "endpoints.prod.yml").read_text()
    with temporary_postgres_database() as project_url, temporary_postgres_database() as tracker_url:
        tracker_db = tracker_url.rsplit("/", 1)[1]
        first = RasaStack(workdir=tmp_path_factory.mktemp("replica_a"), endpoints_text=endpoints)
        second = RasaStack(
            workdir=tmp_path_factory.mktemp("replica_b"),
            endpoints_text=endpoints,
            actions_port=first.actions_port,
        )
        for stack in (first, second):
            stack.extra_env.update(production_environment(first, tracker_db, project_url, prefix))
        try:
            first.start()  # project database, action server, first replica
            second.web_server = first.web_server
            second.start_rasa()  # second replica only; shares the action server
            yield first, second, tracker_url, prefix
        except Exception:
            print(first.logs(), second.logs())
            raise
        finally:
            second.web_server = None
            second.stop()
            first.stop()
            _drop_redis_keys(prefix)
            from careerpath.db.engine import get_engine

            get_engine(tracker_url).dispose()


def _drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def run_conversation(servers, sender, barrier):
    barrier.wait()  # all conversations start together
    replies = []
    for turn, text in enumerate(TURNS):
        replies.append(servers[turn % 2].send(sender, text))
    return replies


def stored_events(tracker_url, senders):
    from sqlalchemy import text

    from careerpath.db.engine import get_engine

    with get_engine(tracker_url).connect() as connection:
        rows = connection.execute(
            text(
                "SELECT sender_id, type_name, timestamp, data FROM events "
                "WHERE sender_id = ANY(:senders) ORDER BY id"
            ),
            {"senders": list(senders)},
        ).all()
    by_sender = {sender: [] for sender in senders}
    for sender, type_name, timestamp, data in rows:
        by_sender[sender].append((type_name, timestamp, json.loads(data)))
    return by_sender


def test_two_replicas_serve_interleaved_concurrent_conversations(replicas):
    first, second, tracker_url, _ = replicas
    senders = [f"replica-{index:02d}-{uuid.uuid4().hex[:6]}" for index in range(CONVERSATIONS)]
    barrier = threading.Barrier(CONVERSATIONS)
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        results = dict(
            zip(
                senders,
                pool.map(lambda s: run_conversation((first, second), s, barrier), senders),
                strict=False,
            )
        )

    unfinished = [
        sender for sender, replies in results.items() if not recommendations_in(replies[-1])
    ]
    assert not unfinished, f"no recommendation for {unfinished}:\n{first.logs()}\n{second.logs()}"

    events = stored_events(tracker_url, senders)
    total = sum(len(found) for found in events.values())
    for sender, found in events.items():
        user_texts = [data["text"] for type_name, _, data in found if type_name == "user"]
        assert user_texts == TURNS, (sender, user_texts)  # each turn once, in order
        identities = Counter(
            (type_name, timestamp, json.dumps(data, sort_keys=True))
            for type_name, timestamp, data in found
        )
        assert max(identities.values()) == 1, [
            key for key, count in identities.items() if count > 1
        ][:3]
        timestamps = [timestamp for _, timestamp, _ in found]
        assert timestamps == sorted(timestamps), sender  # stored in the order they happened

        slots = [
            http_json("GET", f"{server.rasa_url}/conversations/{sender}/tracker")[1]["slots"]
            for server in (first, second)
        ]
        assert slots[0] == slots[1]
        assert (
            all(slots[0][slot] for slot in PROFILE_SLOTS)
            and slots[0]["profile"]["degree"] == "bcom"
        )
        tracker_events = http_json("GET", f"{first.rasa_url}/conversations/{sender}/tracker")[1][
            "events"
        ]
        assert len(tracker_events) == len(found)

    user_events = sum(
        1 for found in events.values() for type_name, _, _ in found if type_name == "user"
    )
    assert user_events == CONVERSATIONS * len(TURNS)
    report = (
        f"two replicas: {CONVERSATIONS} conversations x {len(TURNS)} turns; "
        f"{total} tracker events written and checked ({user_events} user events)"
    )
    print(report)
    output = Path(__file__).parent / "output"
    output.mkdir(exist_ok=True)
    (output / "replicas_e2e.txt").write_text(report + "\n")


def test_production_profile_allows_several_sanic_workers(monkeypatch, tmp_path):
    """endpoints.prod.yml as Rasa reads it: Redis lock store, so SANIC_WORKERS > 1 is honoured
    (with the default in-memory lock store Rasa silently falls back to one worker)."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.utils import AvailableEndpoints, number_of_sanic_workers

    ensure_redis()
    env = production_environment(
        RasaStack(workdir=tmp_path), "trackers", "sqlite://", "careerpathprobe"
    )
    for name, value in {**env, "SANIC_WORKERS": "4"}.items():
        monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.prod.yml"))
    assert endpoints.tracker_store.type == "careerpath_rasa.tracker_store.PrivacySQLTrackerStore"
    assert endpoints.tracker_store.kwargs["dialect"] == "postgresql"
    lock_store = LockStore.create(endpoints.lock_store)
    assert isinstance(lock_store, RedisLockStore) and lock_store.key_prefix.startswith(
        "careerpathprobe:"
    )
    assert number_of_sanic_workers(endpoints.lock_store) == 4
    assert number_of_sanic_workers(None) == 1  # what Rasa does without the lock store


def test_the_action_server_needs_the_production_token(replicas):
    """The profile's ACTION_SERVER_TOKEN: Rasa's calls carry it (the test above), others get 401."""
    first, *_ = replicas
    call = {"next_action": "action_recommend", "tracker": {"sender_id": "x"}}
    for suffix in ("", "?token=wrong"):
        status, _ = http_json("POST", f"{first.actions_url}/webhook{suffix}", call)
        assert status == 401
    status, body = http_json("GET", f"{first.actions_url}/health")
    assert status == 200 and body == {"status": "ok"}


def test_a_redis_key_prefix_rasa_would_drop_stops_the_start_up(tmp_path):
    """Rasa keeps a lock-store prefix only if it is letters and digits; otherwise it silently
    shares the default "lock:" keys with every deployment on that Redis. Refused instead."""
    ensure_postgres()
    ensure_redis()
    stack = RasaStack(
        workdir=tmp_path, endpoints_text=(PROJECT_ROOT / "endpoints.prod.yml").read_text()
    )
    stack.extra_env.update(production_environment(stack, "postgres", "sqlite://", "career-path"))
    stack.web_server = start_static_server(PROJECT_ROOT / "web")  # the CORS origin
    try:
        with pytest.raises(RuntimeError, match="exited"):
            stack.start_rasa()
    finally:
        stack.stop()
    log = stack.log_path("rasa").read_text(errors="replace")
    assert "key_prefix 'career-path' is not letters and digits only" in log
