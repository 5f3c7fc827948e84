"""Start the servers under test and time their cold start.

CareerPath runs as in the end-to-end tests (``harness.stack.RasaStack``: action server plus
``rasa run`` with a SQL tracker store, free ports, loopback). The stock assistant runs
``rasa run`` alone in its ``rasa init`` folder: it has no custom actions, and its
endpoints.yml configures neither an action server nor a tracker store (in memory).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import procs
from harness.stack import (
    PROJECT_ROOT,
    RASA_START_TIMEOUT,
    RasaStack,
    free_port,
    http_json,
    start_static_server,
    wait_until,
)

RASA = str(Path(sys.executable).parent / "rasa")
FIRST_MESSAGE = "hi"


def project_endpoints_text(tracker_db_path: Path) -> str | None:
    """The project's endpoints.yml pointed at the bench's action server, when it configures
    a tracker store (a SQLite file moves to ``tracker_db_path``, so the bench never writes
    into var/); None means "RasaStack's default SQLite store"."""
    path = PROJECT_ROOT / "endpoints.yml"
    text = path.read_text() if path.exists() else ""
    if "tracker_store" not in text:
        return None
    import yaml

    config = yaml.safe_load(text) or {}
    config.setdefault("action_endpoint", {})["url"] = "{actions_url}/webhook"
    tracker_store = config.get("tracker_store") or {}
    if str(tracker_store.get("dialect", "")).startswith("sqlite"):
        tracker_store["db"] = str(tracker_db_path)
    return yaml.safe_dump(config, sort_keys=False)


@dataclass
class ColdStart:
    seconds_to_ready: float  # process start -> health / status answers
    seconds_to_first_answer: float | None = None  # process start -> first REST reply

    def to_dict(self) -> dict:
        return {
            key: None if value is None else round(value, 2) for key, value in self.__dict__.items()
        }


def _first_answer(rest_url: str, sender: str) -> None:
    status, body = http_json(
        "POST", rest_url, {"sender": sender, "message": FIRST_MESSAGE}, timeout=120
    )
    if status != 200:
        raise RuntimeError(f"first message answered {status}: {body}")


class CareerPathServers:
    """A RasaStack whose start-up is timed (cold start per process)."""

    def __init__(
        self,
        workdir: Path,
        model: Path,
        extra_env: dict[str, str] | None = None,
        endpoints_text: str | None = None,
        extra_endpoints: str = "",
    ):
        """``extra_endpoints``: YAML sections appended to the endpoints (e.g. a lock store)."""
        self.stack = RasaStack(workdir=workdir, model=model, extra_env=dict(extra_env or {}))
        self.stack.endpoints_text = (
            endpoints_text
            if endpoints_text is not None
            else project_endpoints_text(self.stack.tracker_db_path)
        )
        if extra_endpoints:
            self.stack.endpoints_text = (
                (self.stack.endpoints_text or "").rstrip("\n") + "\n" + extra_endpoints
            )
        self.cold_start: dict[str, ColdStart] = {}

    def start(self) -> CareerPathServers:
        stack = self.stack
        stack.workdir.mkdir(parents=True, exist_ok=True)
        if stack.web_server is None:  # the only CORS origin rasa run is given
            stack.web_server = start_static_server(PROJECT_ROOT / "web")
        stack._build_database()
        started = time.monotonic()
        stack.start_actions()
        self.cold_start["actions"] = ColdStart(time.monotonic() - started)
        procs.remember(self.pid("actions"))
        started = time.monotonic()
        stack.start_rasa()
        ready = time.monotonic() - started
        procs.remember(self.pid("rasa"))
        _first_answer(stack.rest_url, "bench-cold-start")
        self.cold_start["rasa"] = ColdStart(ready, time.monotonic() - started)
        return self

    @property
    def rest_url(self) -> str:
        return self.stack.rest_url

    @property
    def rasa_url(self) -> str:
        return self.stack.rasa_url

    def pid(self, name: str) -> int | None:
        process = self.stack.processes.get(name)
        return process.pid if process else None

    def pids(self) -> dict[str, int | None]:
        return {name: self.pid(name) for name in ("rasa", "actions")}

    def stop(self) -> None:
        self.stack.stop()


@dataclass
class StockServer:
    """``rasa run`` in the stock assistant's folder, with its own endpoints and credentials."""

    project: Path
    model: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    cold_start: dict[str, ColdStart] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def log_path(self) -> Path:
        return self.project / "rasa-run.log"

    def start(self) -> StockServer:
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    RASA,
                    "run",
                    "--enable-api",
                    "--model",
                    str(self.model),
                    "--endpoints",
                    "endpoints.yml",
                    "--credentials",
                    "credentials.yml",
                    "--port",
                    str(self.port),
                    "--interface",
                    "127.0.0.1",
                ],
                cwd=self.project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        procs.remember(self.process.pid)
        wait_until(
            self._ready, RASA_START_TIMEOUT, "stock rasa server", self.process, self.log_path
        )
        ready = time.monotonic() - started
        _first_answer(self.rest_url, "bench-cold-start")
        self.cold_start["rasa"] = ColdStart(ready, time.monotonic() - started)
        return self

    def _ready(self) -> bool:
        status, body = http_json("GET", f"{self.rasa_url}/status", timeout=5)
        return status == 200 and bool(body.get("model_file"))

    def pids(self) -> dict[str, int | None]:
        """The stock bot has no action server."""
        return {"rasa": self.process.pid if self.process else None}

    def stop(self) -> None:
        if self.process is not None:
            procs.stop_process_group(self.process)
