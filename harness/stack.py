"""Start and stop the real servers for end-to-end tests.

A ``RasaStack`` is the action server plus ``rasa run`` on free ports, with their own
SQLite databases in a temporary folder, plus a static file server for ``web/`` whose
origin is the only one CORS allows. Rasa needs about a minute to start on two cores, so
the test session starts one stack and shares it (see ``conftest.py``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
MODEL_PATH = PROJECT_ROOT / "models" / "careerpath.tar.gz"
RASA_START_TIMEOUT = 240
ACTIONS_START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(method: str, url: str, payload=None, timeout: float = 60.0, headers=None):
    """Small JSON client on the standard library: returns (status, decoded body)."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    try:
        return status, json.loads(body) if body else None
    except ValueError:
        return status, body.decode(errors="replace")


def wait_until(
    check,
    timeout: float,
    what: str,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail(log)}")
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not become ready in {timeout:.0f}s:\n{tail(log)}")


def tail(path: Path | None, lines: int = 60) -> str:
    if path is None or not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _url_answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output readable
        pass


def start_static_server(directory: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass
class RasaStack:
    workdir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    model: Path = MODEL_PATH
    endpoints_text: str | None = None  # a whole endpoints.yml; default: SQLite tracker store
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    web_server: http.server.ThreadingHTTPServer | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    # ---- addresses ---------------------------------------------------------
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def web_url(self) -> str:
        assert self.web_server is not None, "start() first"
        return f"http://127.0.0.1:{self.web_server.server_address[1]}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.workdir / 'careerpath.db'}"

    @property
    def tracker_db_path(self) -> Path:
        return self.workdir / "trackers.db"

    def log_path(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    # ---- life cycle --------------------------------------------------------
    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONDONTWRITEBYTECODE="1",
            # Rasa's anonymous telemetry would try the network.
            RASA_TELEMETRY_ENABLED="false",
        )
        env.update(self.extra_env)
        return env

    def write_endpoints(self) -> Path:
        path = self.workdir / "endpoints.yml"
        text = self.endpoints_text or (
            "action_endpoint:\n"
            f'  url: "{self.actions_url}/webhook"\n'
            "  enable_selective_domain: true\n"  # as endpoints.yml
            "tracker_store:\n"
            "  type: SQL\n"
            "  dialect: sqlite\n"
            f'  db: "{self.tracker_db_path}"\n'
        )
        path.write_text(text.replace("{actions_url}", self.actions_url))
        return path

    def start(self) -> RasaStack:
        if not self.model.exists():
            raise RuntimeError(f"No trained model at {self.model}: run `make train` first.")
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.web_server is None:
            self.web_server = start_static_server(PROJECT_ROOT / "web")
        self._build_database()
        self.start_actions()
        self.start_rasa()
        return self

    def _build_database(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "careerpath.kb", "build"],
            cwd=PROJECT_ROOT,
            env=self.environment(),
            check=True,
            capture_output=True,
        )

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = self.log_path(name).open("ab")
        process = subprocess.Popen(
            args,
            cwd=PROJECT_ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_actions(self) -> None:
        process = self._spawn(
            "actions",
            [
                str(VENV_BIN / "python"),
                "-m",
                "actions.server",
                "--port",
                str(self.actions_port),
            ],
        )
        wait_until(
            lambda: _url_answers(f"{self.actions_url}/health"),
            ACTIONS_START_TIMEOUT,
            "action server",
            process,
            self.log_path("actions"),
        )

    def start_rasa(self) -> None:
        process = self._spawn(
            "rasa",
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--enable-api",
                "--model",
                str(self.model),
                "--endpoints",
                str(self.write_endpoints()),
                "--credentials",
                str(PROJECT_ROOT / "credentials.yml"),
                "--port",
                str(self.rasa_port),
                "--cors",
                self.web_url,
                "--interface",
                "127.0.0.1",
            ],
        )
        wait_until(
            self._rasa_ready, RASA_START_TIMEOUT, "rasa server", process, self.log_path("rasa")
        )

    def _rasa_ready(self) -> bool:
        status, body = http_json("GET", f"{self.rasa_url}/status", timeout=5)
        return status == 200 and bool(body.get("model_file"))

    def stop_process(self, name: str, timeout: float = 20) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def restart_rasa(self) -> None:
        self.stop_process("rasa")
        self.start_rasa()

    def restart_actions(self) -> None:
        self.stop_process("actions")
        self.start_actions()

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        if self.web_server is not None:
            self.web_server.shutdown()
            self.web_server = None

    # ---- talking -----------------------------------------------------------
    def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One user turn through the REST channel; returns the bot's messages."""
        payload = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        status, body = http_json("POST", self.rest_url, payload)
        assert status == 200, f"REST channel answered {status}: {body}"
        return body

    def tracker(self, sender: str) -> dict:
        status, body = http_json("GET", f"{self.rasa_url}/conversations/{sender}/tracker")
        assert status == 200, body
        return body

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{tail(self.log_path(name), 200)}" for name in ("actions", "rasa")
        )


@contextlib.contextmanager
def running(stack: RasaStack) -> Iterator[RasaStack]:
    """Starts ``stack`` (printing its logs when it cannot start) and always stops it."""
    try:
        stack.start()
    except Exception:
        print(stack.logs())
        stack.stop()
        raise
    try:
        yield stack
    finally:
        stack.stop()


def texts(messages: list[dict]) -> str:
    """All bot texts of one turn, joined, for assertions."""
    return "\n".join(message.get("text") or "" for message in messages)
