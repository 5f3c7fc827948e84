"""The reliability scenarios: real servers on loopback, 50 simulated users, one fault at a time.

Phase 1, one Rasa on the SQLite tracker store (the default profile):
  action server killed and restarted; tracker database locked (an exclusive SQLite
  transaction held by another process); tracker database unwritable (its files made
  immutable with chattr); Rasa killed and restarted.
Phase 2, the production profile (endpoints.prod.yml): two Rasa replicas on PostgreSQL,
reached through a TCP proxy, with the Redis lock store and one action server; turns of a
conversation alternate between the replicas:
  PostgreSQL cut (every connection through the proxy dropped, new ones refused); one
  replica killed and restarted.

Kills are SIGKILL (no clean shutdown). The load runs through every scenario without a
pause; each scenario's share of it runs from its fault to the next fault.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.soak.audit import ScenarioResult, Window, audit, event_rows
from bench.soak.proxy import TcpProxy
from bench.soak.users import Load
from harness.stack import PROJECT_ROOT, RasaStack

OUTAGE_STARTED = "Tracker store unavailable"
OUTAGE_ENDED = "Tracker store available again"


@dataclass
class Timing:
    users: int = 50
    warmup: float = 15.0
    fault: float = 10.0
    steady: float = 20.0


QUICK = Timing(users=10, warmup=5.0, fault=6.0, steady=8.0)


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sqlite_endpoints(tracker_db: Path) -> str:
    return (
        "action_endpoint:\n"
        '  url: "{actions_url}/webhook"\n'
        "tracker_store:\n"
        "  type: careerpath_rasa.tracker_store.PrivacySQLTrackerStore\n"
        "  dialect: sqlite\n"
        f'  db: "{tracker_db}"\n'
    )


def kill(stack: RasaStack, name: str) -> None:
    """SIGKILL, as a crash or the OOM killer would."""
    process = stack.processes.pop(name)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


class Recorder:
    """Scenario windows on the wall clock, and the outage lines each one left in the logs."""

    def __init__(self, logs: list[Path], servers: list[tuple[RasaStack, str]]) -> None:
        self.logs = logs
        self.servers = servers  # (stack, "rasa" | "actions"): a server that died on its own
        self.windows: list[Window] = []

    @contextlib.contextmanager
    def fault(self, name: str) -> Iterator[Window]:
        self._end_segment()
        window = Window(name, segment_start=time.time(), fault_start=time.time(), fault_end=0.0)
        self._offsets = {path: path.stat().st_size if path.exists() else 0 for path in self.logs}
        self.windows.append(window)
        log(f"fault: {name}")
        yield window
        if not window.fault_end:
            window.fault_end = time.time()
        log(f"fault undone after {window.fault_end - window.fault_start:.1f} s: {name}")
        self._revive_crashed()

    def _end_segment(self) -> None:
        """The previous scenario ends here; its outage lines are those logged until now."""
        self._revive_crashed()
        if self.windows:
            self.windows[-1].segment_end = time.time()
            self.windows[-1].log_lines = self._outage_lines(self._offsets)

    def _revive_crashed(self) -> None:
        """A server that exited without being killed is a crash: counted, then restarted."""
        for stack, name in self.servers:
            process = stack.processes.get(name)
            if process is None or process.poll() is None:
                continue
            stack.processes.pop(name)
            crash = f"{name} of {stack.workdir.name} exited with {process.returncode}"
            log(f"CRASH: {crash}; restarting it")
            if self.windows:
                self.windows[-1].crashes.append(crash)
            (stack.start_rasa if name == "rasa" else stack.start_actions)()

    def _outage_lines(self, offsets) -> dict:
        counts = {"start": 0, "end": 0}
        for path, offset in offsets.items():
            if not path.exists():
                continue
            with path.open("rb") as handle:
                handle.seek(offset)
                text = handle.read().decode(errors="replace")
            counts["start"] += text.count(OUTAGE_STARTED)
            counts["end"] += text.count(OUTAGE_ENDED)
        return counts

    def close_last(self, after: Callable[[], None]) -> None:
        after()
        self._end_segment()


def chattr(flag: str, paths: list[Path]) -> None:
    existing = [str(path) for path in paths if path.exists()]
    if existing:
        subprocess.run(["chattr", flag, *existing], check=True)


# ---- phase 1: SQLite ---------------------------------------------------------------------
def sqlite_phase(workdir: Path, timing: Timing) -> list[ScenarioResult]:
    tracker_db = workdir / "trackers.db"
    stack = RasaStack(workdir=workdir, endpoints_text=sqlite_endpoints(tracker_db))
    log("phase 1: starting the action server and Rasa (SQLite tracker store)")
    stack.start()
    recorder = Recorder([stack.log_path("rasa")], [(stack, "rasa"), (stack, "actions")])
    load = Load([stack.rest_url], timing.users, prefix=f"soak1{uuid.uuid4().hex[:6]}").start()
    try:
        time.sleep(timing.warmup)
        with recorder.fault("action server killed, restarted"):
            kill(stack, "actions")
            time.sleep(timing.fault)
            stack.start_actions()
        time.sleep(timing.steady)
        with recorder.fault("tracker database locked"):
            locker = sqlite3.connect(str(tracker_db), timeout=30, isolation_level=None)
            locker.execute("BEGIN EXCLUSIVE")
            time.sleep(timing.fault)
            locker.execute("ROLLBACK")
            locker.close()
        time.sleep(timing.steady)
        files = [Path(f"{tracker_db}{suffix}") for suffix in ("", "-wal", "-shm")]
        with recorder.fault("tracker database unwritable (chattr +i)"):
            chattr("+i", files)
            try:
                time.sleep(timing.fault)
            finally:
                chattr("-i", files)
        time.sleep(timing.steady)
        with recorder.fault("Rasa killed, restarted"):
            kill(stack, "rasa")
            stack.start_rasa()
        time.sleep(timing.steady)
    finally:
        recorder.close_last(load.stop)
        chattr("-i", [Path(f"{tracker_db}{suffix}") for suffix in ("", "-wal", "-shm")])
        stack.stop()
    with sqlite3.connect(str(tracker_db)) as connection:
        raw = connection.execute(
            "SELECT sender_id, type_name, timestamp, data FROM events "
            "WHERE sender_id LIKE ? ORDER BY id",
            (load.prefix + "%",),
        ).fetchall()
    return audit(load.turns, event_rows(raw), _doubled_rows(raw), recorder.windows)


def _doubled_rows(raw) -> int:
    seen, doubled = set(), 0
    for row in raw:
        key = (row[0], row[3])  # sender and the whole event (it carries its own timestamp)
        doubled += key in seen
        seen.add(key)
    return doubled


# ---- phase 2: PostgreSQL, Redis, two replicas --------------------------------------------
def replicas_phase(workdir: Path, timing: Timing) -> list[ScenarioResult]:
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

    ensure_postgres()
    ensure_redis()
    prefix = f"soak{uuid.uuid4().hex[:10]}"
    endpoints = (PROJECT_ROOT / "endpoints.prod.yml").read_text()
    proxy = TcpProxy(PG_HOST, PG_PORT).start()
    with temporary_postgres_database() as tracker_url:
        first = RasaStack(workdir=workdir / "replica1", endpoints_text=endpoints)
        second = RasaStack(
            workdir=workdir / "replica2", endpoints_text=endpoints, actions_port=first.actions_port
        )
        environment = {
            "ACTION_SERVER_URL": f"{first.actions_url}/webhook",
            "ACTION_SERVER_TOKEN": f"t-{prefix}",
            "TRACKER_DB_HOST": "127.0.0.1",
            "TRACKER_DB_PORT": str(proxy.port),
            "TRACKER_DB_NAME": tracker_url.rsplit("/", 1)[1],
            "TRACKER_DB_USER": PG_USER,
            "TRACKER_DB_PASSWORD": "",
            "REDIS_HOST": REDIS_HOST,
            "REDIS_PORT": str(REDIS_PORT),
            "REDIS_DB": "0",
            "REDIS_KEY_PREFIX": prefix,
        }
        for stack in (first, second):
            stack.workdir.mkdir(parents=True, exist_ok=True)
            stack.extra_env.update(environment)
        log("phase 2: the action server and two Rasa replicas (PostgreSQL via a proxy, Redis)")
        load: Load | None = None
        recorder = Recorder(
            [first.log_path("rasa"), second.log_path("rasa")],
            [(first, "rasa"), (second, "rasa"), (first, "actions")],
        )
        try:
            first._build_database()
            _start_together(first, second)
            load = Load(
                [first.rest_url, second.rest_url],
                timing.users,
                prefix=f"soak2{uuid.uuid4().hex[:6]}",
            ).start()
            time.sleep(timing.warmup)
            with recorder.fault("PostgreSQL cut, 2 replicas"):
                proxy.cut()
                time.sleep(timing.fault)
                proxy.restore()
            time.sleep(timing.steady)
            with recorder.fault("one replica killed, restarted"):
                kill(second, "rasa")
                second.start_rasa()
            time.sleep(timing.steady)
        finally:
            if load is not None:
                recorder.close_last(load.stop)
            second.web_server = None  # shared with the first stack, which stops it
            second.stop()
            first.stop()
            proxy.stop()
            _drop_redis_keys(REDIS_HOST, REDIS_PORT, prefix)
        import sqlalchemy as sa

        engine = sa.create_engine(tracker_url)
        with engine.connect() as connection:
            raw = connection.execute(
                sa.text(
                    "SELECT sender_id, type_name, timestamp, data FROM events "
                    "WHERE sender_id LIKE :p ORDER BY id"
                ),
                {"p": load.prefix + "%"},
            ).all()
        engine.dispose()
    return audit(load.turns, event_rows(raw), _doubled_rows(raw), recorder.windows)


def _start_together(first: RasaStack, second: RasaStack) -> None:
    """The action server, then both replicas loading their model at the same time."""
    from harness.stack import start_static_server

    first.web_server = start_static_server(PROJECT_ROOT / "web")
    second.web_server = first.web_server
    first.start_actions()
    problems: list[BaseException] = []

    def start(stack: RasaStack) -> None:
        try:
            stack.start_rasa()
        except BaseException as error:  # noqa: BLE001 - reported below
            problems.append(error)

    threads = [threading.Thread(target=start, args=(stack,)) for stack in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        raise problems[0]


def _drop_redis_keys(host: str, port: int, prefix: str) -> None:
    import redis

    client = redis.Redis(host=host, port=port, db=0)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
